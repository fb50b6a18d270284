/**
 * The load-test report a person reads: one self-contained HTML file written from a scenario's JSON
 * ({@link dev.idgw.loadtest.report.HtmlReport}). It states what the verdict covers and shows every check
 * as met or not met with its number and target ({@link dev.idgw.loadtest.report.Verdict}), explains every
 * soft count in words ({@link dev.idgw.loadtest.report.SoftCounts}), and draws the latency percentile
 * distribution of gateway and baseline on the same axes and the throughput over time as SVG generated
 * here ({@link dev.idgw.loadtest.report.LineChart}), so the page needs neither network nor script.
 * It reads only the scenario's JSON (the documented format), never the scenario's classes, so an old
 * report.json can be turned into a page too ({@code loadtest.jar report}).
 */
package dev.idgw.loadtest.report;
