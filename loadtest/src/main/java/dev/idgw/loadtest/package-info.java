/**
 * An open-model load generator for the gateway's {@code POST /openrtb2/adpod}: requests leave at fixed
 * intended times ({@code t0 + i/rate}) whether or not earlier ones have answered, and latency is measured
 * from the intended time, so a stalling server shows up in the tail instead of silently slowing the
 * generator down (coordinated omission, as in wrk2). It talks HTTP only and refuses non-loopback targets
 * unless told otherwise; {@link dev.idgw.loadtest.LoadTest} is the in-process entry point and
 * {@link dev.idgw.loadtest.cli.LoadTestMain} the command line around it ({@code scenario} hands over to
 * {@link dev.idgw.loadtest.scenario.ScenarioMain}, which adds truth-checking stub partners, the gateway
 * and a bare baseline as child processes, and one report). {@link dev.idgw.loadtest.TruthfulAdPodRequests}
 * is the scenario's request source: every request's truth is registered before it leaves.
 */
package dev.idgw.loadtest;
