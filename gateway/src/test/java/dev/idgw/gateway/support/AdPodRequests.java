package dev.idgw.gateway.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** Ad-pod request bodies for tests, built as trees so each test changes only what it is about. */
public final class AdPodRequests {
    public static final ObjectMapper JSON = new ObjectMapper();

    private AdPodRequests() {
    }

    /** A dynamic 60 s pod (maxseq 4, 5–30 s ads) in a CTV app, with the given device ID and IPv4. */
    public static ObjectNode dynamicPod(String id, String deviceId, String ip) {
        ObjectNode r = JSON.createObjectNode();
        r.put("id", id);
        r.put("tmax", 500);
        ObjectNode video = r.putArray("imp").addObject().put("id", "1").putObject("video");
        video.putArray("mimes").add("video/mp4");
        video.put("podid", "break-1").put("poddur", 60).put("maxseq", 4).put("minduration", 5).put("maxduration", 30);
        r.putObject("app").put("bundle", "tv.example.app").put("name", "Example TV");
        ObjectNode device = r.putObject("device").put("devicetype", 3).put("ua", "ExampleTV/1.0");
        if (deviceId != null) {
            device.put("ifa", deviceId);
        }
        if (ip != null) {
            device.put("ip", ip);
        }
        return r;
    }

    /** Three 30 s slots sharing one podid. */
    public static ObjectNode structuredPod(String id, String deviceId) {
        ObjectNode r = dynamicPod(id, deviceId, "203.0.113.9");
        var imps = r.putArray("imp");
        for (int i = 1; i <= 3; i++) {
            ObjectNode video = imps.addObject().put("id", "slot-" + i).putObject("video");
            video.putArray("mimes").add("video/mp4");
            video.put("podid", "pod-a").put("minduration", 5).put("maxduration", 30);
        }
        return r;
    }

    public static String text(ObjectNode node) {
        return node.toString();
    }
}
