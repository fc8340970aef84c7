package org.crmconnector.bench.loadgen;

/** What the phases of one run share: the options, the report, the clients and the pops seen on agent streams. */
final class RunContext {

    final Options options;
    final Report report;
    final Posters posters;
    final SoftphoneApi api;
    final PopMatcher pops = new PopMatcher();
    final ClosedLoop closedLoop;
    /** Makes this run's conversation and agent ids distinct from earlier runs' on the same server. */
    final String runId = Long.toString(System.currentTimeMillis() % 1_000_000_000L, 36);

    RunContext(Options options, Report report) {
        this.options = options;
        this.report = report;
        this.posters = new Posters(options);
        this.api = new SoftphoneApi(options.tenant);
        this.closedLoop = new ClosedLoop(options, posters, report);
    }
}
