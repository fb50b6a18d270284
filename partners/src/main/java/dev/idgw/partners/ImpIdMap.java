package dev.idgw.partners;

/**
 * Partners see imps renamed "1", "2", … (a player's imp ids can carry anything, identity included); a
 * bid names the renamed imp, and the pod needs the player's. This maps one back to the other.
 */
public interface ImpIdMap {
    /** The player's imp id for the id a partner saw, or null when the partner names an imp it was not sent. */
    String playerImpId(String outboundImpId);
}
