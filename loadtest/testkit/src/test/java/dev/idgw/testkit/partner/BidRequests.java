package dev.idgw.testkit.partner;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** BidRequest bodies and a loopback client shared by the stub's tests. */
final class BidRequests {

    /** A structured pod: three fixed slots, one imp each. */
    static final String STRUCTURED_POD = """
            {"id":"req-structured","tmax":500,"imp":[
              {"id":"slot-1","video":{"mimes":["video/mp4"],"podid":"pod-1","slotinpod":1,"maxduration":30}},
              {"id":"slot-2","video":{"mimes":["video/mp4"],"podid":"pod-1","slotinpod":2,"maxduration":30}},
              {"id":"slot-3","video":{"mimes":["video/mp4"],"podid":"pod-1","slotinpod":-1,"maxduration":30}}
            ],"device":{"ifa":"6D92078A-8246-4BA4-AE5B-76104861E7DC","ip":"203.0.113.7"}}""";

    /** A dynamic pod: one imp that may hold up to four ads in 120 seconds. */
    static final String DYNAMIC_POD = """
            {"id":"req-dynamic","imp":[
              {"id":"pod","video":{"mimes":["video/mp4"],"podid":"pod-2","poddur":120,"maxseq":4}}
            ]}""";

    static final Duration CLIENT_TIMEOUT = Duration.ofSeconds(10);

    private BidRequests() {
    }

    static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CLIENT_TIMEOUT)
                .build();
    }

    static HttpRequest post(URI endpoint, String body) {
        return HttpRequest.newBuilder(endpoint)
                .timeout(CLIENT_TIMEOUT)
                .header("Content-Type", "application/json")
                .header("X-Openrtb-Version", "2.6")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build();
    }

    static HttpResponse<String> send(HttpClient client, URI endpoint, String body) throws Exception {
        return client.send(post(endpoint, body), HttpResponse.BodyHandlers.ofString());
    }
}
