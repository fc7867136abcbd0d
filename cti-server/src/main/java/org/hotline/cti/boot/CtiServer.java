package org.hotline.cti.boot;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import org.hotline.cti.ami.AmiCallTranslator;
import org.hotline.cti.ami.AmiDialplanPbx;
import org.hotline.cti.ami.AmiEventLoop;
import org.hotline.cti.ami.AmiNodes;
import org.hotline.cti.ami.AmiTelephony;
import org.hotline.cti.app.AgentPresence;
import org.hotline.cti.app.CallPushes;
import org.hotline.cti.app.CallTracker;
import org.hotline.cti.app.DailyStats;
import org.hotline.cti.app.DayTally;
import org.hotline.cti.app.DeskHours;
import org.hotline.cti.app.HotlineDesk;
import org.hotline.cti.app.HotlineRules;
import org.hotline.cti.app.LiveEvents;
import org.hotline.cti.app.ThreeWayShareWatch;
import org.hotline.cti.app.WriteBehindCallStore;
import org.hotline.cti.app.auth.AuthService;
import org.hotline.cti.app.callback.CallbackDialer;
import org.hotline.cti.app.callback.CallbackService;
import org.hotline.cti.app.callback.MissedCallRecovery;
import org.hotline.cti.app.callback.RosterService;
import org.hotline.cti.app.dashboard.HalfHourSeries;
import org.hotline.cti.app.dial.ClickToCall;
import org.hotline.cti.app.dialplan.DialplanLoader;
import org.hotline.cti.app.dialtest.DialTestScheduler;
import org.hotline.cti.app.dialtest.DialTestService;
import org.hotline.cti.app.dialtest.DialTestSettings;
import org.hotline.cti.app.report.MonthlyReport;
import org.hotline.cti.app.rotation.RotationService;
import org.hotline.cti.app.transfer.TransferOutcomes;
import org.hotline.cti.app.transfer.TransferService;
import org.hotline.cti.app.workorder.WorkOrderService;
import org.hotline.cti.cel.CelCallHistory;
import org.hotline.cti.config.RuleFileSet;
import org.hotline.cti.config.ServerConfig;
import org.hotline.cti.domain.callback.CallbackRules;
import org.hotline.cti.domain.dialtest.DialTestSchedule;
import org.hotline.cti.domain.roster.Roster;
import org.hotline.cti.http.AdminApi;
import org.hotline.cti.http.AgentSocket;
import org.hotline.cti.http.CallbackApi;
import org.hotline.cti.http.CoreApi;
import org.hotline.cti.http.DashboardApi;
import org.hotline.cti.http.DashboardPage;
import org.hotline.cti.http.DialTestApi;
import org.hotline.cti.http.DialplanApi;
import org.hotline.cti.http.EventStream;
import org.hotline.cti.http.HttpServer;
import org.hotline.cti.http.KnowledgeBaseApi;
import org.hotline.cti.http.MonthlyReportApi;
import org.hotline.cti.http.ReportApi;
import org.hotline.cti.http.RosterApi;
import org.hotline.cti.http.RotationApi;
import org.hotline.cti.http.Router;
import org.hotline.cti.http.StatsApi;
import org.hotline.cti.http.TransferApi;
import org.hotline.cti.http.WorkOrderApi;
import org.hotline.cti.http.WrapupApi;
import org.hotline.cti.metrics.CallMetrics;
import org.hotline.cti.metrics.CallbackMetrics;
import org.hotline.cti.metrics.MicrometerDialTestMetrics;
import org.hotline.cti.metrics.MicrometerTransferMetrics;
import org.hotline.cti.metrics.ServerMeters;
import org.hotline.cti.metrics.StatsMetrics;
import org.hotline.cti.pbx.FileDialplanDirectory;
import org.hotline.cti.store.Database;
import org.hotline.cti.store.JdbcCallStore;
import org.hotline.cti.store.JdbcCallbackStore;
import org.hotline.cti.store.JdbcDialTestStore;
import org.hotline.cti.store.JdbcDialplanLoadStore;
import org.hotline.cti.store.JdbcRosterStore;
import org.hotline.cti.store.JdbcRotationStore;
import org.hotline.cti.store.JdbcTransferStore;
import org.hotline.cti.store.JdbcWorkOrderStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The main wiring: the only class that sees every concrete adapter. */
public final class CtiServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CtiServer.class);

    private final Deque<AutoCloseable> closeables = new ArrayDeque<>();
    private final ServerConfig config;
    private final Clock clock;
    private final LiveEvents events = new LiveEvents();
    private PrometheusMeterRegistry registry;
    private Database db;
    private JdbcCallStore callStore;
    private WriteBehindCallStore callWrites;
    private CallTracker tracker;
    private AmiTelephony telephony;
    private AmiNodes nodes;
    /** The one event loop of every AMI node and of the call model (issue 14 item 4). */
    private AmiEventLoop amiLoop;

    private InetSocketAddress httpAddress;
    private DialTestService dialTests;
    private DialplanLoader dialplanLoader;
    private HotlineRules rules;
    private JdbcTransferStore transferStore;
    private JdbcWorkOrderStore workOrderStore;
    private TransferService transfers;
    private HotlineDesk desk;
    private WorkOrderService workOrders;
    private org.hotline.cti.app.kb.KnowledgeBase knowledgeBase;
    private DailyStats stats;
    private DayTally dayTally;
    /** {@link #callWrites} with every write counted into {@link #dayTally}: what the call writers get. */
    private org.hotline.cti.app.port.CallStore talliedCalls;

    private ThreeWayShareWatch threeWayShare;
    private DeskHours deskHours;
    private RosterService roster;
    private CallbackService callbacks;
    private MissedCallRecovery recovery;
    private final java.util.Map<String, MissedCallRecovery> recoveries = new java.util.LinkedHashMap<>();
    private AgentPresence agentPresence;

    public CtiServer(ServerConfig config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    public CtiServer start() {
        try {
            ServerMeters meters = new ServerMeters();
            closeables.push(meters);
            registry = meters.registry();

            db = Database.open(
                    config.database().url(),
                    config.database().user(),
                    config.database().password());
            closeables.push(db);
            log.info(
                    "database {}",
                    org.hotline.cti.Secrets.maskUrl(config.database().url()));
            callStore = new JdbcCallStore(db.dataSource(), clock);

            // Issue 11: a database outage must not stall the call model nor lose what it saw.
            // Issue 14: its writes are stored in groups, one commit per database.commitLinger.
            // Every reader of calls goes through callWrites, which shows what is not stored yet.
            callWrites = new WriteBehindCallStore(callStore, config.database().commitLinger());
            closeables.push(callWrites);
            // Issue 14 item 3: today's figures are counted from every call, attempt and wrap-up
            // write (through the stores dayTally hands out), not re-read for each dashboard snapshot.
            dayTally = new DayTally(
                    clock,
                    () -> rules == null ? config.zone() : rules.now().calendar().zone());
            talliedCalls = dayTally.calls(callWrites);
            // Issue 14 item 4: the call model runs on the one AMI event loop of every node, where a
            // read's events are applied with no thread woken; stopped after the model has drained.
            amiLoop = new AmiEventLoop();
            closeables.push(amiLoop);
            tracker =
                    new CallTracker(talliedCalls, clock, config.ami().settings().name(), amiLoop.executor());
            closeables.push(tracker);
            org.hotline.cti.metrics.CallStoreMetrics.bind(callWrites, registry);
            org.hotline.cti.metrics.WorkMetrics.bind(tracker, events, registry);
            CallMetrics callMetrics = new CallMetrics(registry);
            tracker.addListener(callMetrics);
            int open = tracker.restoreOpenCalls().join();
            if (open > 0) {
                log.info("{} call(s) were open when the server last stopped; the first resync settles them", open);
            }

            nodes = startNodes();
            closeables.push(nodes);
            telephony = nodes.first();

            var r = config.rules();
            rules = new HotlineRules(
                    new RuleFileSet(r.departments(), r.calendarDir(), r.roster(), r.alwaysOpen(), config.zone()),
                    config.transfer().budget());
            requireUsersDepartments();
            transferStore = new JdbcTransferStore(db.dataSource(), new JdbcTransferStore.NameLookup() {
                public String matterName(String code) {
                    return rules.now()
                            .directory()
                            .matter(code)
                            .map(m -> m.name())
                            .orElse(code);
                }

                public String departmentName(String code) {
                    return rules.now()
                            .directory()
                            .department(code)
                            .map(d -> d.name())
                            .orElse(code);
                }
            });
            org.hotline.cti.app.port.TransferStore talliedTransfers = dayTally.transfers(transferStore);
            workOrderStore = new JdbcWorkOrderStore(db.dataSource());
            workOrders = new WorkOrderService(
                    workOrderStore,
                    callWrites,
                    rules,
                    events,
                    new org.hotline.cti.metrics.MicrometerWorkOrderMetrics(registry),
                    clock);
            closeables.push(workOrders);
            // R2 due dates are only as good as the holiday tables: say so at start and on every reload.
            warnCalendar(rules.now());
            rules.onReload(this::warnCalendar);
            TransferOutcomes outcomes = new TransferOutcomes(
                    callWrites,
                    transferStore,
                    workOrders,
                    rules,
                    events,
                    new MicrometerTransferMetrics(registry),
                    clock);
            // Issue 14 item 4: R10's snapshot from today's kept counts, not two COUNT queries per transfer.
            outcomes.useKeptCounts(dayTally.keptCounts());
            transfers = new TransferService(
                    rules,
                    tracker::liveCall,
                    talliedTransfers,
                    nodes,
                    outcomes,
                    config.transfer().settings(),
                    clock);
            closeables.push(transfers);
            tracker.addListener(transfers);
            // R1/R13: after every (re)connect, transfers whose leg events may have been missed are
            // checked with the PBX, and those an earlier run left unfinished are settled (issue 11).
            eachNode(t -> t.addResyncListener(at -> transfers.reconcile()));
            // Issue 14 item 6: the dashboard hears when a node's calls become unknown and when they are known again.
            eachNode(t -> {
                t.onDisconnect(() -> events.publish(LiveEvents.Event.broadcast(
                        "call.node", java.util.Map.of("node", t.node(), "connected", false))));
                t.addResyncListener(at -> events.publish(LiveEvents.Event.broadcast(
                        "call.node", java.util.Map.of("node", t.node(), "connected", true))));
            });
            desk = new HotlineDesk(rules, callWrites, talliedTransfers, events, clock);
            knowledgeBase = startKnowledgeBase();
            desk.useKnowledgeBase(knowledgeBase);
            stats = new DailyStats(
                    callWrites,
                    transferStore,
                    rules,
                    outcomes,
                    config.transfer().budget(),
                    clock,
                    dayTally);
            stats.rebuild(); // today's counts from the stores, once (at start, so on a takeover too)
            StatsMetrics.bind(stats, events, registry, clock);
            threeWayShare = new ThreeWayShareWatch(stats, rules, clock);
            stats.useLastDay(threeWayShare::figures);
            closeables.push(threeWayShare);
            StatsMetrics.bindLastDay(threeWayShare, registry);
            stats.useWorkOrders(workOrders::figures, workOrders::figuresAt);
            deskHours = new DeskHours(rules, config.rules().deskStaffed(), nodes, clock);
            closeables.push(deskHours);
            eachNode(t -> t.onReconnect(deskHours::reconnected));
            // R11 missed calls -> callbacks for the duty supervisor (issue #4).
            Roster rosterFile = rules.now().roster();
            JdbcRosterStore settings = new JdbcRosterStore(db.dataSource(), clock);
            roster = new RosterService(rosterFile, settings, clock);
            rules.onReload(next -> roster.reloaded(next.roster()));
            JdbcCallbackStore callbackStore = new JdbcCallbackStore(db.dataSource());
            callbacks = new CallbackService(
                    callbackStore, roster, new CallbackRules(config.callbacks().hotlineNumbers()), events, clock);
            closeables.push(callbacks);
            tracker.addListener(callbacks);
            CallbackMetrics.bind(callbacks, registry);
            // One click-to-call (the user's phone first, then the enterprise) for callbacks (R11),
            // return visits (R17) and rotation calls to market entities (R5), on whichever node.
            ClickToCall clickToCall = new ClickToCall(
                    nodes,
                    config.callbacks().supervisorRingTimeout(),
                    config.callbacks().dialContext());
            CallbackDialer dialer = new CallbackDialer(callbacks, clickToCall, callbacks::inBackground);
            startRecovery(settings, callMetrics);
            stats.useCallbacks(callbacks::stats, callbacks::statsAt);
            // R4/R5 rotation sessions: sign-ins and market entities served, counted on the dashboard.
            JdbcRotationStore rotationStore = new JdbcRotationStore(db.dataSource());
            RotationService rotation = new RotationService(roster::current, rotationStore, events, clock);
            stats.useRotation(rotation::figures);
            startArrivalAgi();

            AuthService auth = new AuthService(config.users(), clock);
            closeables.push(auth);
            Router router = new Router();
            new CoreApi(
                            auth,
                            callWrites,
                            tracker,
                            pbxStatus(),
                            () -> db.ok() && callWrites.healthy(),
                            registry,
                            config.zone(),
                            clock,
                            this::calendarWarnings)
                    .metricsToken(AdapterSettings.metricsToken(config.http()))
                    .register(router);
            new TransferApi(transfers, transferStore, rules, clock).register(router);
            new StatsApi(stats, rules, clock).register(router);
            new KnowledgeBaseApi(desk, knowledgeBase, () -> rules.now().directory()).register(router);
            new WrapupApi(desk).register(router);
            new WorkOrderApi(workOrders, rules, clock).register(router);
            new AdminApi(rules).register(router);
            new CallbackApi(callbacks, dialer, clock, desk::enterpriseOf).register(router);
            // R17 return visits: rung like callbacks (the visitor's phone first, then the enterprise).
            new org.hotline.cti.http.ReturnVisitApi(
                            new org.hotline.cti.app.returnvisit.ReturnVisits(workOrders, clickToCall, clock),
                            workOrders)
                    .register(router);
            new ReportApi(stats, callbacks, rules, clock).register(router);
            new MonthlyReportApi(
                            new MonthlyReport(workOrderStore, transferStore, callWrites, callbackStore, rules, clock)
                                    .useRotation(rotationStore),
                            clock)
                    .register(router);
            new RosterApi(roster, clock).register(router);
            new RotationApi(rotation, () -> rules.now().calendar().zone(), clock).register(router);
            // R5: calls to market entities (interpretation, application help) with the shared dialer.
            new org.hotline.cti.http.OutreachApi(
                            rotation,
                            new org.hotline.cti.app.rotation.OutreachCalls(
                                    rotation,
                                    new org.hotline.cti.store.JdbcOutreachCallStore(db.dataSource()),
                                    clickToCall,
                                    callbacks::inBackground,
                                    clock),
                            () -> rules.now().calendar().zone(),
                            clock)
                    .register(router);
            // R7 business-environment survey (config/survey.yaml beside departments.yaml); items that
            // cannot be answered at once become work orders.
            new org.hotline.cti.http.SurveyApi(
                            new org.hotline.cti.app.rotation.Surveys(
                                    startSurvey(),
                                    rotation,
                                    new org.hotline.cti.store.JdbcSurveyStore(db.dataSource()),
                                    workOrders,
                                    clock),
                            () -> rules.now().calendar().zone(),
                            clock)
                    .register(router);
            // R5 policy push: the outbox (a table) the platform's push system or an SMS gateway collects.
            org.hotline.cti.store.JdbcPushOutbox pushOutbox = new org.hotline.cti.store.JdbcPushOutbox(db.dataSource());
            new org.hotline.cti.http.PushApi(
                            new org.hotline.cti.app.rotation.PolicyPush(rotation, pushOutbox, events, clock),
                            () -> rules.now().calendar().zone(),
                            clock)
                    .register(router);
            new DashboardPage().register(router);
            // Issue 14 item 6: the queue's agents from every node, each from the node it lives on.
            org.hotline.cti.app.port.QueueMembers queueMembers = nodes;
            // Issue 11: agents' queue membership follows their desktop sessions, re-applied after every (re)connect.
            agentPresence = new AgentPresence(nodes, queueMembers, events);
            eachNode(t -> t.addResyncListener(at -> agentPresence.reconnected()));
            new DashboardApi(
                            new HalfHourSeries(
                                    callWrites,
                                    transferStore,
                                    () -> rules.now().calendar().zone()),
                            queueMembers,
                            () -> rules.now().calendar().zone(),
                            clock,
                            agentPresence::withSession)
                    .register(router);
            DialTestScheduler dialTestSchedule = startOps(router);

            // Screen pops read the database: built off the AMI loop, in order per agent (issue 14 item 4).
            java.util.concurrent.ExecutorService screenPops = screenPops();
            closeables.push(screenPops::shutdown);
            tracker.addListener(new CallPushes(events, desk, callWrites::healthy, screenPops));
            AgentSocket agentSocket = new AgentSocket(
                    auth,
                    transfers,
                    desk,
                    workOrders,
                    nodes,
                    agentPresence,
                    events,
                    id -> tracker.liveCalls().stream()
                            .filter(c -> c.id().equals(id))
                            .findFirst());
            EventStream eventStream = new EventStream(auth, stats, tracker::liveCalls, events);
            HttpServer http =
                    new HttpServer(router, auth, agentSocket, eventStream, AdapterSettings.http(config.http()));
            http.bindMetrics(registry);
            closeables.push(http);
            httpAddress = http.start(config.http().host(), config.http().port());
            reloadOnSighup();
            nodes.start();
            deskHours.start();
            threeWayShare.start();
            dialTestSchedule.start();
            workOrders.start();
            log.info(
                    "hotline-cti listening on http://{}:{} ; AMI {}",
                    httpAddress.getHostString(),
                    httpAddress.getPort(),
                    config.ami().nodes());
            return this;
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Caller recognition at arrival over FastAGI (Asterisk-Java's server): the enterprise's name
     * as caller-id name, and R11 priority in the queue for a caller whose callback is pending.
     */
    /**
     * R3/R9: the policy knowledge base, searched in memory with Lucene; an empty database starts
     * from kb.yaml beside departments.yaml.
     */
    private org.hotline.cti.app.kb.KnowledgeBase startKnowledgeBase() {
        var index = new org.hotline.cti.search.LuceneKbIndex();
        closeables.push(index);
        var kb = new org.hotline.cti.app.kb.KnowledgeBase(
                new org.hotline.cti.store.JdbcKbStore(db.dataSource()),
                index,
                () -> rules.now().directory(),
                () -> rules.now().calendar().zone(),
                clock);
        java.nio.file.Path seed = config.rules().departments().resolveSibling("kb.yaml");
        int n = kb.load(org.hotline.cti.config.KbSeedLoader.load(seed, clock.instant()));
        log.info("knowledge base: {} entries searchable (seed for an empty database: {})", n, seed);
        return kb;
    }

    /**
     * R7: the survey from survey.yaml, checked against the departments in force; reloaded with the
     * rules (a broken file is logged and the survey in force stays).
     */
    private java.util.function.Supplier<org.hotline.cti.domain.rotation.Survey> startSurvey() {
        java.nio.file.Path file = config.rules().departments().resolveSibling("survey.yaml");
        var current = new java.util.concurrent.atomic.AtomicReference<>(org.hotline.cti.config.SurveyLoader.load(
                file, code -> rules.now().directory().department(code).isPresent()));
        log.info("survey: {} question(s) from {}", current.get().questions().size(), file);
        rules.onReload(next -> {
            try {
                current.set(org.hotline.cti.config.SurveyLoader.load(
                        file, code -> next.directory().department(code).isPresent()));
            } catch (RuntimeException e) {
                log.warn("survey.yaml not reloaded, the survey in force stays: {}", e.getMessage());
            }
        });
        return current::get;
    }

    private void startArrivalAgi() {
        var agi = config.agi();
        if (!agi.enabled()) {
            log.info("FastAGI arrival lookups off (agi.enabled: false): calls queue without caller recognition");
            return;
        }
        var arrivals = new org.hotline.cti.app.arrival.ArrivalService(desk::enterpriseOf, callbacks::pendingFor);
        log.info(
                "caller recognition from memory: {} number(s) with an enterprise recorded, {} with a callback open",
                desk.enterprisesKnown(),
                callbacks.numbersWithOpenCallback());
        var server = new org.hotline.cti.agi.ArrivalAgiServer(agi.host(), agi.port(), arrivals);
        closeables.push(server);
        server.start();
    }

    /** A department user must act for a department the directory lists (R13-R16), or it would see nothing. */
    private void requireUsersDepartments() {
        for (org.hotline.cti.app.auth.User u : config.users()) {
            if (u.department() != null
                    && rules.now().directory().department(u.department()).isEmpty()) {
                throw new org.hotline.cti.CtiException(
                        org.hotline.cti.ErrorId.INVALID_CONFIG,
                        "users: '" + u.name() + "' acts for department '" + u.department() + "', which "
                                + config.rules().departments() + " does not list");
            }
        }
    }

    /** R8 dial-tests and the PBX administrators' dialplan loading; returns the schedule to start. */
    private DialTestScheduler startOps(Router router) {
        // Dial-tests dial each number exactly as a transfer would (transfer.sipUriEndpoint / numberTemplate).
        dialTests = new DialTestService(
                () -> rules.now().directory(),
                config.transfer().settings()::dialTarget,
                nodes,
                new JdbcDialTestStore(db.dataSource()),
                config.dialTests(),
                events,
                new MicrometerDialTestMetrics(registry),
                clock);
        closeables.push(dialTests);
        DialTestSettings dt = config.dialTests();
        DialTestScheduler scheduler = new DialTestScheduler(
                dialTests,
                new DialTestSchedule(dt.times(), dt.workingDaysOnly()),
                () -> rules.now().calendar(),
                clock);
        closeables.push(scheduler);
        new DialTestApi(dialTests).register(router);
        // Issue 14 item 6: a load goes to every node (or one named node), each with its own directory.
        java.util.List<org.hotline.cti.app.dialplan.NodeDialplan> dialplans = new java.util.ArrayList<>();
        var connections = config.ami().nodes();
        for (int i = 0; i < connections.size(); i++) {
            java.nio.file.Path dir = AdapterSettings.dialplanDir(connections.get(i), i == 0, config.pbx());
            dialplans.add(new org.hotline.cti.app.dialplan.NodeDialplan(
                    connections.get(i).name(),
                    dir == null ? null : new FileDialplanDirectory(dir),
                    new AmiDialplanPbx(nodes.nodes().get(i).client())));
        }
        dialplanLoader = new DialplanLoader(dialplans, new JdbcDialplanLoadStore(db.dataSource()), clock);
        new DialplanApi(dialplanLoader).register(router);
        return scheduler;
    }

    public DialTestService dialTests() {
        return dialTests;
    }

    public DialplanLoader dialplanLoader() {
        return dialplanLoader;
    }

    /**
     * One AMI connection per Asterisk node (issue 14 item 6). The first node's call ids are bare
     * uniqueids (as with one node); every other node's are {@code name:uniqueid}.
     */
    private AmiNodes startNodes() {
        java.util.List<AmiNodes.Node> list = new java.util.ArrayList<>();
        for (org.hotline.cti.config.AmiConnection c : config.ami().nodes()) {
            String prefix = AdapterSettings.callIdPrefix(c, list.isEmpty());
            AmiTelephony t = new AmiTelephony(
                    c.name(),
                    AdapterSettings.ami(c),
                    new AmiCallTranslator(config.ami().inboundContexts(), clock, prefix),
                    tracker,
                    registry,
                    config.ami().inboundContexts(),
                    config.ami().queue(),
                    amiLoop);
            list.add(new AmiNodes.Node(t, c.agents()));
        }
        return new AmiNodes(list, config.ami().queue(), registry);
    }

    /**
     * R11 after a restart or an outage, per node (issue 14 item 6): each node's resyncs read its
     * own CEL file from its own checkpoint, and the calls recovered there are keyed as that node's
     * live calls ({@code name:uniqueid} beyond the first). A node without a CEL file is said so once.
     */
    private void startRecovery(JdbcRosterStore checkpoints, CallMetrics callMetrics) {
        var connections = config.ami().nodes();
        for (int i = 0; i < connections.size(); i++) {
            org.hotline.cti.config.AmiConnection c = connections.get(i);
            AmiTelephony t = nodes.nodes().get(i);
            java.nio.file.Path cel = AdapterSettings.celFile(c, i == 0, config.callbacks(), System.getenv());
            if (cel == null) {
                log.warn(
                        "node {} has no celFile: calls it took while the CTI was down or blind cannot be "
                                + "recovered (R11); give ami.nodes[{}].celFile",
                        c.name(),
                        i);
                continue;
            }
            MissedCallRecovery r = new MissedCallRecovery(
                    new CelCallHistory(
                            cel, config.ami().inboundContexts(), AdapterSettings.callIdPrefix(c, i == 0), c.name()),
                    checkpoints,
                    talliedCalls,
                    callbacks,
                    callMetrics); // cti_calls_total follows CEL's corrections
            closeables.push(r);
            t.addResyncListener(r::recoverLater);
            recoveries.put(c.name(), r);
            if (i == 0) {
                recovery = r;
            }
        }
    }

    /**
     * Where screen pops that read the database are built: up to {@link #SCREEN_POP_THREADS} agents'
     * pops at once (one slow read does not hold up another agent's), threads only while there is
     * work (an idle desk wakes nothing here).
     */
    private static java.util.concurrent.ExecutorService screenPops() {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.ThreadPoolExecutor pool = new java.util.concurrent.ThreadPoolExecutor(
                SCREEN_POP_THREADS,
                SCREEN_POP_THREADS,
                60,
                java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.LinkedBlockingQueue<>(),
                r -> {
                    Thread t = new Thread(r, "screen-pop-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        pool.allowCoreThreadTimeOut(true);
        return pool;
    }

    /** Screen pops built at once, each holding at most one database connection while it reads. */
    static final int SCREEN_POP_THREADS = 2;

    private void eachNode(java.util.function.Consumer<AmiTelephony> action) {
        nodes.nodes().forEach(action);
    }

    private CoreApi.PbxStatus pbxStatus() {
        return new CoreApi.PbxStatus() {
            @Override
            public boolean connected() {
                return nodes.allConnected();
            }

            @Override
            public java.util.Map<String, Boolean> nodes() {
                java.util.Map<String, Boolean> m = new java.util.LinkedHashMap<>();
                CtiServer.this.nodes.nodes().forEach(t -> m.put(t.node(), t.connected()));
                return m;
            }

            @Override
            public String asteriskVersion() {
                return telephony.client().asteriskVersion();
            }

            @Override
            public String lastError() {
                return CtiServer.this.nodes.nodes().stream()
                        .filter(t -> !t.connected())
                        .map(t -> (nodes.nodes().size() > 1 ? t.node() + ": " : "")
                                + t.client().lastError())
                        .findFirst()
                        .orElse("");
            }
        };
    }

    public LiveEvents events() {
        return events;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** SIGHUP re-reads departments, calendar and roster, like POST /api/admin/reload; a bad file keeps the old rules. */
    private void reloadOnSighup() {
        boolean installed = Signals.on("HUP", () -> {
            try {
                rules.reload();
            } catch (RuntimeException e) {
                log.error("reload refused, the rules in force stay: {}", e.getMessage());
            }
        });
        if (!installed) {
            log.debug("no SIGHUP on this platform: reload with POST /api/admin/reload");
        }
    }

    public HotlineRules rules() {
        return rules;
    }

    public TransferService transfers() {
        return transfers;
    }

    /** R3/R9: the policy knowledge base. */
    public org.hotline.cti.app.kb.KnowledgeBase knowledgeBase() {
        return knowledgeBase;
    }

    public HotlineDesk desk() {
        return desk;
    }

    /** Work orders (R2, R13-R16). */
    public WorkOrderService workOrders() {
        return workOrders;
    }

    public DailyStats stats() {
        return stats;
    }

    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The PBX, in application terms (ring legs, follow them): every node, each command routed to its own. */
    public org.hotline.cti.app.port.Telephony pbx() {
        return nodes;
    }

    /** The single Asterisk node, or the first one listed. */
    public AmiTelephony telephony() {
        return telephony;
    }

    /** Every Asterisk node (issue 14 item 6). */
    public AmiNodes nodes() {
        return nodes;
    }

    public CallTracker tracker() {
        return tracker;
    }

    /** R11 callbacks; {@code stats()} feeds /api/stats/today, {@code overdueReport} the daily report (R18). */
    public CallbackService callbacks() {
        return callbacks;
    }

    public RosterService roster() {
        return roster;
    }

    /** The first node's CEL recovery (R11); null when it has none. */
    public MissedCallRecovery recovery() {
        return recovery;
    }

    /** Every node's CEL recovery by node name (issue 14 item 6); a node without a CEL file has none. */
    public java.util.Map<String, MissedCallRecovery> recoveries() {
        return java.util.Collections.unmodifiableMap(recoveries);
    }

    /** The calls as the server reads them: stored, with the writes not yet stored laid over them. */
    public WriteBehindCallStore callStore() {
        return callWrites;
    }

    /** What is wrong with the holiday tables today (a missing or provisional year), for /api/health. */
    private java.util.List<String> calendarWarnings() {
        var cal = rules.now().calendar();
        java.util.List<String> out =
                new java.util.ArrayList<>(cal.warnings(java.time.LocalDate.now(clock.withZone(cal.zone()))));
        out.addAll(threeWayShare.warnings()); // R10: the last day ended above the 4% cap
        return out;
    }

    private void warnCalendar(HotlineRules.Snapshot snapshot) {
        var cal = snapshot.calendar();
        cal.warnings(java.time.LocalDate.now(clock.withZone(cal.zone()))).forEach(w -> log.warn("calendar: {}", w));
    }

    @Override
    public void close() {
        if (closeables.isEmpty()) {
            return;
        }
        log.info("hotline-cti stopping: calls in progress stay on the PBX; the next start resyncs them");
        while (!closeables.isEmpty()) {
            try {
                closeables.pop().close();
            } catch (Exception e) {
                log.warn("while stopping: {}", e.toString());
            }
        }
        log.info("hotline-cti stopped");
    }
}
