package com.surveyrelay.local;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A phone the {@link TwilioEmulator} calls and texts, held by a test or by a person at the dev phone page.
 *
 * <p>Calls: each {@code <Gather>} takes one input, in this order: the next {@linkplain #script scripted action};
 * else live input already given during this call; else, when {@linkplain #setInteractive interactive}, live input
 * waited for up to {@code Math.max(gather timeout, 30 s)}; else silence. Live input ({@link #press}, {@link #say},
 * {@link #stayQuiet}, {@link #hangUpNow}) given while no call is in progress is ignored, so a stray key press
 * cannot answer the next call; given during a call but before a Gather waits, it is kept for the next Gather,
 * like keys pressed while a prompt plays. Scripted actions left over when a call ends stay for the next call.
 *
 * <p>Texts: {@link #text} sends one and returns once the application's answer has reached {@link #thread()}.
 */
public final class VirtualPhone {

    // Twilio cuts a Gather short after its timeout; a person at a web page needs longer to find the keypad.
    private static final int INTERACTIVE_MINIMUM_WAIT_SECONDS = 30;

    private final String number;
    private final TwilioEmulator emulator;
    private final ConcurrentLinkedQueue<CallAction> script = new ConcurrentLinkedQueue<>();
    private final BlockingQueue<CallAction> live = new LinkedBlockingQueue<>();
    private final List<SmsEntry> thread = new ArrayList<>();
    private final List<VoiceCall> calls = new ArrayList<>();
    private volatile boolean interactive;
    private volatile boolean answers = true;
    private volatile String answeredBy = HUMAN;
    private volatile boolean manual;
    private volatile boolean statusCallbacksLost;
    private volatile Integer undeliverable;
    private volatile VoiceCall current;
    private volatile boolean waitingForInput;

    VirtualPhone(String number, TwilioEmulator emulator) {
        this.number = number;
        this.emulator = emulator;
    }

    public String number() {
        return number;
    }

    // ---- scripting for tests ----

    /** Appends actions, consumed one per {@code <Gather>}, in order, across calls. */
    public VirtualPhone script(CallAction... actions) {
        script.addAll(Arrays.asList(actions));
        return this;
    }

    /** The scripted actions no Gather has taken yet. */
    public List<CallAction> pendingScript() {
        return List.copyOf(script);
    }

    /** Same as {@link CallAction#silence()}; {@code press} and {@code say} factories are on {@link CallAction}. */
    public static CallAction silence() {
        return CallAction.silence();
    }

    /** Same as {@link CallAction#hangUp()}. */
    public static CallAction hangUp() {
        return CallAction.hangUp();
    }

    /**
     * When true, calls to this phone are recorded but never run: a test that plays Twilio by hand follows the
     * TwiML itself, and the emulator must not answer the same call in parallel.
     */
    public void setManual(boolean manual) {
        this.manual = manual;
    }

    boolean manual() {
        return manual;
    }

    /**
     * When true, Twilio's status callbacks for calls to this phone never reach the service (lost on the way, the
     * service down, a signature that no longer matches): the calls still play and end, and the REST API tells their
     * status to whoever fetches them. False by default.
     */
    public void setStatusCallbacksLost(boolean lost) {
        this.statusCallbacksLost = lost;
    }

    boolean statusCallbacksLost() {
        return statusCallbacksLost;
    }

    /**
     * When set, texts to this phone never arrive: Twilio accepts them, the carrier refuses them, and their status
     * callbacks say {@code undelivered} with this error code (30003 the handset unreachable, 30005 an unknown number,
     * 30006 a landline, 30007 carrier filtering, 63016 for WhatsApp...); the message list says so too. Null (the
     * default) delivers them.
     */
    public void setUndeliverable(Integer errorCode) {
        this.undeliverable = errorCode;
    }

    /** The error code texts to this phone fail with; empty when they are delivered. */
    public Optional<Integer> undeliverable() {
        return Optional.ofNullable(undeliverable);
    }

    /** When false, calls ring out: they end as no-answer and fetch no TwiML. True by default. */
    public void setAnswers(boolean answers) {
        this.answers = answers;
    }

    /** What Twilio's answering-machine detection finds on a call a person answers ({@code AnsweredBy}). */
    public static final String HUMAN = "human";
    /** What it finds on a call a voicemail greeting answers, detected at the greeting's start. */
    public static final String VOICEMAIL = "machine_start";
    /** Every {@code AnsweredBy} Twilio sends with {@code MachineDetection=Enable}. */
    public static final java.util.Set<String> ANSWERED_BY = java.util.Set.of(HUMAN, VOICEMAIL, "machine_end_beep",
            "machine_end_silence", "machine_end_other", "fax", "unknown");

    /**
     * What answers this phone's calls, as Twilio's answering-machine detection reports it in the {@code AnsweredBy} of
     * the first TwiML request of a call placed with {@code MachineDetection} ({@link #HUMAN} by default;
     * {@link #VOICEMAIL}, {@code fax}, {@code unknown}, ...). A call placed without detection carries none, whatever
     * this says.
     *
     * @throws IllegalArgumentException for a word Twilio never sends ({@link #ANSWERED_BY} lists them)
     */
    public void setAnsweredBy(String answeredBy) {
        if (!ANSWERED_BY.contains(answeredBy)) {
            throw new IllegalArgumentException("AnsweredBy is one of " + new java.util.TreeSet<>(ANSWERED_BY)
                    + ", not " + answeredBy);
        }
        this.answeredBy = answeredBy;
        emulator.changed(this);
    }

    /** What answers this phone's calls, as {@link #setAnsweredBy} set it. */
    public String answeredBy() {
        return answeredBy;
    }

    // ---- live input for the dev phone ----

    /** When true, a Gather with nothing scripted or already given waits for live input (see the class comment). */
    public void setInteractive(boolean interactive) {
        this.interactive = interactive;
    }

    public boolean isInteractive() {
        return interactive;
    }

    /** Whether a call is ringing or in progress on this phone: what keys, words and a hang-up are given to. */
    public boolean inCall() {
        return current != null;
    }

    /** Whether a Gather is waiting for live input right now. */
    public boolean isWaitingForInput() {
        return waitingForInput;
    }

    /** Keys for the current call's Gather; ignored when no call is in progress. */
    public void press(String digits) {
        give(CallAction.press(digits));
    }

    /** Speech for the current call's Gather; ignored when no call is in progress. */
    public void say(String words, double confidence) {
        give(CallAction.say(words, confidence));
    }

    /** Ends the waiting Gather as silence at once instead of after its timeout. */
    public void stayQuiet() {
        give(CallAction.silence());
    }

    /**
     * Hangs up the current call from the phone's side, whatever it is doing: a waiting Gather stops at once, a
     * webhook request in flight finishes but its TwiML is not played. Ignored when no call is in progress.
     */
    public void hangUpNow() {
        VoiceCall call = current;
        if (call != null) {
            call.requestHangUp();
            live.offer(CallAction.hangUp());
        }
    }

    /**
     * Twilio's side ends the call {@code callSid} (a hang-up through the REST API) when it is this phone's current one.
     */
    void hangUpBy(String callSid) {
        VoiceCall call = current;
        if (call != null && call.sid().equals(callSid)) {
            hangUpNow();
        }
    }

    private void give(CallAction action) {
        if (current != null) {
            live.offer(action);
        }
    }

    // ---- SMS ----

    /**
     * Texts our number: posts the signed webhook Twilio would, then puts every {@code <Message>} of the answer into
     * this thread, unless Twilio would block it (see {@link TwilioEmulator}). Texts from several threads at once run
     * at once.
     *
     * @throws IllegalStateException when no SMS webhook is set, or it is unreachable, answers non-2xx or not TwiML
     */
    public void text(String body) {
        emulator.inbound(this, body);
    }

    /**
     * Sends a WhatsApp message to our number: as {@link #text}, from {@code whatsapp:} and this number; the replies
     * land in the same thread, addressed {@code whatsapp:} too ({@link SmsEntry#whatsApp()}).
     */
    public void whatsApp(String body) {
        emulator.inbound(this, body, true);
    }

    /** In and out, oldest first. */
    public List<SmsEntry> thread() {
        synchronized (thread) {
            return List.copyOf(thread);
        }
    }

    // ---- calls ----

    /** Snapshots, oldest first; safe to read from any thread. */
    public List<CallRecord> calls() {
        synchronized (calls) {
            return calls.stream().map(VoiceCall::snapshot).toList();
        }
    }

    public Optional<CallRecord> lastCall() {
        synchronized (calls) {
            return calls.isEmpty() ? Optional.empty() : Optional.of(calls.get(calls.size() - 1).snapshot());
        }
    }

    /** The call in progress on this phone, if any. */
    public Optional<CallRecord> currentCall() {
        VoiceCall call = current;
        return call == null ? Optional.empty() : Optional.of(call.snapshot());
    }

    @Override
    public String toString() {
        return "VirtualPhone[" + number + "]";
    }

    // ---- for the emulator ----

    boolean answers() {
        return answers;
    }

    void add(SmsEntry entry) {
        synchronized (thread) {
            thread.add(entry);
        }
        changed();
    }

    void placed(VoiceCall call) {
        synchronized (calls) {
            calls.add(call);
        }
        changed();
    }

    /** The call starts ringing here; a newer call takes over the live input from an older one still running. */
    void attach(VoiceCall call) {
        live.clear();
        current = call;
        changed();
    }

    void detach(VoiceCall call) {
        if (current == call) {
            current = null;
            live.clear();
        }
        changed();
    }

    /** What the person does at this Gather; blocks only when interactive and nothing was scripted or given. */
    CallAction nextAction(VoiceCall call, int gatherTimeoutSeconds) throws InterruptedException {
        if (call.hangUpRequested()) {
            return CallAction.hangUp();
        }
        CallAction next = script.poll();
        if (next == null) {
            next = live.poll();
        }
        if (next != null || !interactive) {
            return next != null ? next : CallAction.silence();
        }
        waitingForInput = true;
        changed();
        try {
            next = live.poll(Math.max(gatherTimeoutSeconds, INTERACTIVE_MINIMUM_WAIT_SECONDS), TimeUnit.SECONDS);
            return next != null ? next : CallAction.silence();
        } finally {
            waitingForInput = false;
            changed();
        }
    }

    void changed() {
        emulator.changed(this);
    }
}
