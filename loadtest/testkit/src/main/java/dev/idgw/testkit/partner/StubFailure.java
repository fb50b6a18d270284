package dev.idgw.testkit.partner;

/** How a {@link StubPartner} misbehaves, or {@link #NONE} to bid normally. */
public enum StubFailure {
    /** Answer 200 with a valid OpenRTB 2.6 BidResponse. */
    NONE,
    /** Answer 204 No Content, the OpenRTB way of saying "no bid". */
    NO_BID,
    /** Answer 500 Internal Server Error. */
    HTTP_500,
    /** Answer 200 with bytes that are not JSON. */
    GARBAGE,
    /** Answer 200 with valid JSON that is not a BidResponse ({@code {"seatbid":"oops"}}). */
    WRONG_SHAPE,
    /** Never answer; the exchange stays open until the stub is closed. */
    HANG,
    /** Drop the connection without sending a status line. */
    RESET,
    /** Answer 200 with a valid-looking BidResponse of several megabytes. */
    OVERSIZE
}
