package dev.idgw.gateway.pod;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a bid's VAST markup can play where the player asked for {@code video.mimes}. A bid says its
 * type only through its markup ({@code bid.mtype} 2 says "video", not the container): the {@code type}
 * attributes of its {@code <MediaFile>} elements. A markup that names types, none of them asked for,
 * cannot play (a player asking only for {@code video/webm} cannot use an mp4-only ad); a markup that names
 * no type (a wrapper, a MediaFile without a type) does not say, and may.
 *
 * <p>One bounded pass over the markup, no XML parser: this runs for every bid of every ad request. It
 * skips comments and CDATA sections, takes attributes in any order and either quote, matches media types
 * without regard to case (RFC 6838) and without their parameters ({@code video/mp4; codecs=...} is
 * {@code video/mp4}). Element names are XML's, case-sensitive: a {@code <mediafile>} is no VAST MediaFile,
 * and players ignore it too.
 */
final class VastMediaTypes {
    private static final String MEDIA_FILE = "MediaFile";
    private static final String TAG = "<" + MEDIA_FILE;
    private static final String TYPE = "type";

    private VastMediaTypes() {
    }

    /**
     * Whether {@code adm} may play for an imp that asks for {@code mimes} (each as {@link #essence} made it;
     * empty: any type).
     */
    static boolean playable(String adm, List<String> mimes) {
        if (mimes.isEmpty()) {
            return true;
        }
        boolean named = false;
        int n = adm.length();
        int at = 0;
        int tag = -1;
        int bang = -1;
        while (true) {
            // Jumps with String.indexOf (vectorised) from candidate to candidate, each found once, rather than
            // looking at every tag: about three indexOf passes over the markup in all.
            if (tag < at) {
                tag = adm.indexOf(TAG, at);
                if (tag < 0) {
                    break;
                }
            }
            if (bang < at && bang != Integer.MAX_VALUE) {
                bang = adm.indexOf("<!", at);
                if (bang < 0) {
                    bang = Integer.MAX_VALUE; // none left
                }
            }
            if (bang < tag) {
                // A comment or CDATA section opens first: whatever it holds is no element.
                at = adm.startsWith("<!--", bang) ? after(adm, "-->", bang + 4)
                        : adm.startsWith("<![CDATA[", bang) ? after(adm, "]]>", bang + 9) : bang + 2;
                if (at < 0) {
                    break;
                }
                continue;
            }
            if (!isMediaFileTag(adm, tag)) {
                at = tag + 1; // <MediaFiles>, or another name that starts the same
                continue;
            }
            // One MediaFile start tag: its attributes, up to the '>' outside any quoted value.
            int i = tag + 1 + MEDIA_FILE.length();
            while (i < n) {
                char c = adm.charAt(i);
                if (c == '>') {
                    i++;
                    break;
                }
                if (isSpace(c) || c == '/') {
                    i++;
                    continue;
                }
                int nameStart = i;
                while (i < n && !isSpace(c = adm.charAt(i)) && c != '=' && c != '>' && c != '/') {
                    i++;
                }
                int nameEnd = i;
                i = skipSpaces(adm, i);
                if (i >= n || adm.charAt(i) != '=') {
                    continue; // a name without a value (not XML): nothing to read
                }
                i = skipSpaces(adm, i + 1);
                if (i >= n) {
                    break;
                }
                int valueStart;
                int valueEnd;
                char quote = adm.charAt(i);
                if (quote == '"' || quote == '\'') {
                    valueStart = i + 1;
                    valueEnd = adm.indexOf(quote, valueStart);
                    if (valueEnd < 0) {
                        valueEnd = n;
                    }
                    i = valueEnd + 1;
                } else {
                    valueStart = i;
                    while (i < n && !isSpace(c = adm.charAt(i)) && c != '>') {
                        i++;
                    }
                    valueEnd = i;
                }
                if (nameEnd - nameStart == TYPE.length()
                        && adm.regionMatches(true, nameStart, TYPE, 0, TYPE.length())) {
                    int essenceEnd = essenceEnd(adm, valueStart, valueEnd);
                    int essenceStart = skipSpaces(adm, valueStart);
                    if (essenceStart < essenceEnd) {
                        named = true;
                        if (listed(adm, essenceStart, essenceEnd, mimes)) {
                            return true;
                        }
                    }
                }
            }
            at = i;
        }
        return !named;
    }

    /** A media type as compared here: lower case, without parameters or surrounding spaces. */
    static String essence(String mediaType) {
        int semicolon = mediaType.indexOf(';');
        return (semicolon < 0 ? mediaType : mediaType.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Each of {@code mediaTypes} as {@link #essence} makes it. */
    static List<String> essences(List<String> mediaTypes) {
        List<String> out = new ArrayList<>(mediaTypes.size());
        for (String t : mediaTypes) {
            if (t != null) {
                out.add(essence(t));
            }
        }
        return List.copyOf(out);
    }

    /** {@code <MediaFile} followed by the end of the name (not {@code <MediaFiles}). */
    private static boolean isMediaFileTag(String adm, int at) {
        int nameEnd = at + 1 + MEDIA_FILE.length();
        if (nameEnd >= adm.length() || !adm.startsWith(MEDIA_FILE, at + 1)) {
            return false;
        }
        char c = adm.charAt(nameEnd);
        return isSpace(c) || c == '>' || c == '/';
    }

    private static boolean listed(String adm, int start, int end, List<String> mimes) {
        int length = end - start;
        for (int k = 0; k < mimes.size(); k++) {
            String mime = mimes.get(k);
            if (mime.length() == length && adm.regionMatches(true, start, mime, 0, length)) {
                return true;
            }
        }
        return false;
    }

    /** Where the type in {@code [start, end)} ends: before any parameters and trailing spaces. */
    private static int essenceEnd(String adm, int start, int end) {
        int e = start;
        while (e < end && adm.charAt(e) != ';') {
            e++;
        }
        while (e > start && isSpace(adm.charAt(e - 1))) {
            e--;
        }
        return e;
    }

    /** The index after {@code end}'s first occurrence from {@code from}, or -1 when it never closes. */
    private static int after(String adm, String end, int from) {
        int i = adm.indexOf(end, from);
        return i < 0 ? -1 : i + end.length();
    }

    private static int skipSpaces(String adm, int i) {
        while (i < adm.length() && isSpace(adm.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }
}
