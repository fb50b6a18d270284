package dev.idgw.gateway.body;

import java.util.regex.Pattern;

/** The shapes of the identifiers the internal APIs take, one definition for the consent and compliance APIs. */
public final class IdFormats {
    /** A device ID as players send it: 1-128 printable ASCII characters (lowercased before it is used). */
    public static final Pattern DEVICE_ID = Pattern.compile("[\\x21-\\x7e]{1,128}");
    /** An account ID of the consent service: 1-128 letters, digits and . _ : @ - */
    public static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@-]{1,128}");
    /** A region code: US-CA, GB. */
    public static final Pattern JURISDICTION = Pattern.compile("[A-Z]{2}(-[A-Z0-9]{1,3})?");

    private IdFormats() {
    }
}
