package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.surveyrelay.survey.PlainText;
import com.surveyrelay.survey.Question;
import com.surveyrelay.survey.QuestionType;
import com.surveyrelay.survey.Survey;
import com.surveyrelay.survey.SurveyProcessor;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * What the results dashboard shows for one survey, computed in one pass over finished session documents (as the
 * results sink stores them), in memory bounded by the survey's questions and answer values, not by the sessions:
 * <ul>
 *   <li>sessions by status and by channel, and the completion rate (completed / finished, 0 to 1);</li>
 *   <li>the sessions with no response ({@code noResponse}): texted surveys that reached the respondent and were
 *       abandoned without a reply (see {@link #noResponse(JsonNode)});</li>
 *   <li>at the welcome, before the first question: how many abandoned the survey, opted out or declined it there
 *       ({@link WelcomeSummary});</li>
 *   <li>per question: how many answered it, how many skipped it, how many abandoned the survey there
 *       (drop-off, a break-off in survey research's terms; a start that reached nobody, a call not answered or a
 *       first text Twilio refused, and a texted survey with no response drop off nowhere), and how many opted out
 *       there (replied STOP, or said so, while it was open);</li>
 *   <li>per rating, NPS, dtmf, yes/no and choice question: the count of each answer value (every possible value,
 *       zeros included, for ranges of at most 11 values, yes/no and choices), and for NPS the score
 *       (% promoters 9-10 minus % detractors 0-6, -100 to 100);</li>
 *   <li>per number question (open-ended, no distribution): how many numbers were counted, their mean, median,
 *       least and greatest ({@link NumberSummary});</li>
 *   <li>the most recent free-text answers ({@value #RECENT_TEXTS} at most, newest first, each cut to
 *       {@value #TEXT_CHARACTERS} characters).</li>
 * </ul>
 * Questions are those of the definition it is given: the survey's current one, or one version's when the summary is
 * asked for that version's sessions ({@code version}, {@link VersionFilter}), so that answers to a question a newer
 * version removed, or asked on another scale, are seen as that version asked them. Answers to questions an older
 * version had, or had with another type, are left out, as are answers stored without their type (before
 * 2026-11-30) that are no number a numeric question takes now, and answers to a scale ({@code rating},
 * {@code nps}, {@code dtmf}) that the session's version had with other ends (a 5 of 1 to 5 is no 5 of 1 to 10), or
 * that a version whose copy is gone gave (a lifecycle rule expired it: its ends are unknown; NPS is always 0 to 10). An
 * answer counts once, with the session and channel it was given in: a text survey continuing a dropped call
 * ({@code fallbackFrom}) carries the call's answers ({@code channel: voice}), which count with the call's own
 * session.
 */
public final class ResultsSummary {

    static final int RECENT_TEXTS = 10;
    static final int TEXT_CHARACTERS = 200;

    private final Survey survey;
    /** The survey as a session's version ran it, by version: empty when its copy is gone. */
    private final Function<String, Optional<Survey>> versions;
    /** The versions looked up so far: one lookup a version, however many sessions ran it. */
    private final Map<String, Optional<Survey>> versionsSeen = new HashMap<>();
    private int sessions;
    private int noResponse;
    private int notReached;
    private int droppedAtWelcome;
    private int optedOutAtWelcome;
    private int declinedAtWelcome;
    private int droppedAtRetired;
    private int optedOutAtRetired;
    private final Map<String, Integer> byStatus = new TreeMap<>();
    private final Map<String, Integer> byChannel = new TreeMap<>();
    private final Map<String, QuestionTally> questions = new LinkedHashMap<>();
    private final List<TextAnswer> texts = new ArrayList<>();

    /** A free-text answer as shown: the question, the words, when. */
    public record TextAnswer(String questionName, String answer, String answeredAt, String language) {
    }

    /**
     * One question's tallies.
     *
     * @param distribution answer value to count, for the types with a fixed set of answers; empty for free text
     * @param droppedHere the abandoned sessions that left while this question was open (asked, not answered); one
     *     that left at the welcome counts there ({@link WelcomeSummary}; at the first question when stored before
     *     2026-12-07, without {@code endedAtWelcome}), a texted survey with no reply at all counts nowhere (it is
     *     {@link Summary#noResponse}), nor does one ended as its survey changed under it ({@code survey-changed}: the
     *     respondent did not leave)
     * @param optedOutHere the opted-out sessions that opted out while this question was open; one that opted out at
     *     the welcome counts there, as a hang-up does; a start that sent nothing as the number had opted out
     *     ({@code not-delivered:recipient_opted_out}) counts nowhere
     * @param npsScore for an NPS question, % promoters (9-10) minus % detractors (0-6) over its answers, -100 to 100,
     *     rounded to one decimal with halves away from zero (-6.25 is -6.3, as 6.25 is 6.3); null otherwise or when
     *     nobody answered
     * @param numbers for a {@code number} question, its answers' count, mean, median, least and greatest; null for
     *     other types, and when no answer was counted
     */
    public record QuestionSummary(String questionName, String questionType, int answered, int skipped,
                                  int droppedHere, int optedOutHere, Map<String, Integer> distribution,
                                  Double npsScore, NumberSummary numbers) {
    }

    /**
     * The sessions that ended at the welcome, before the first question was asked (a session's {@code endedAtWelcome};
     * until 2026-12-07 they counted at the first question, which a respondent who hung up during the welcome never
     * heard). Sessions stored before then count at the first question, but for declines, which only a welcome takes.
     *
     * @param droppedHere the abandoned sessions that left there, 0 or more: a hang-up, a call that went quiet, a
     *     texted welcome answered only with replies it could not read and then left (one never answered is
     *     {@link Summary#noResponse}), not a decline
     * @param optedOutHere the sessions that opted out there, 0 or more
     * @param declined the sessions whose respondent declined the survey there ("No thanks", "I'm busy": ended
     *     {@code ABANDONED}, {@code declined}), 0 or more: a refusal, not a drop-off
     */
    public record WelcomeSummary(int droppedHere, int optedOutHere, int declined) {
    }

    /**
     * The sessions that left at a question the current version no longer has (only a kept older version asked it),
     * summed up on today's questions: counted here, so that the drop-offs add up to the abandoned sessions. Always 0
     * in a summary of one version, whose questions are all listed.
     *
     * @param droppedHere the abandoned sessions that left at such a question, 0 or more
     * @param optedOutHere the sessions that opted out at such a question, 0 or more
     */
    public record RetiredQuestionsSummary(int droppedHere, int optedOutHere) {
    }

    /**
     * The answers to a {@code number} question (until 2026-12-05 only counted): numbers in the question's unit, as the
     * respondent gave them (whole unless the question takes {@code decimals}).
     *
     * @param count the answers counted, 1 or more: those written as a number (ASCII digits, an optional {@code -}
     *     and up to 9 decimals), which is every answer the service stored
     * @param mean their arithmetic mean, rounded to 3 decimals with halves away from zero
     * @param median the middle answer in numeric order, or the mean of the two middle ones for an even count (rounded
     *     as {@code mean})
     * @param min the least answer
     * @param max the greatest answer
     */
    public record NumberSummary(int count, double mean, double median, double min, double max) {
    }

    /**
     * The whole summary, as {@code GET /surveys/{surveyId}/summary} answers it.
     *
     * @param sessions the finished sessions counted, 0 or more
     * @param byStatus the sessions by {@code surveyStatus}; sessions with no response count under {@code ABANDONED}
     * @param completionRate completed / the finished sessions that reached the respondent (all but
     *     {@code notReached}), 0 to 1, rounded to 3 decimals; 0 when none reached anyone
     * @param welcome the sessions that ended at the welcome, before the first question
     * @param retiredQuestions the sessions that left at a question only an older version had
     * @param noResponse the abandoned texted sessions that reached the respondent and got no reply, 0 or more (see
     *     {@link ResultsSummary#noResponse(JsonNode)}); counted at no question
     * @param notReached the sessions that reached nobody, 0 or more: a call not answered (busy, no-answer, failed,
     *     canceled, or answered by a voicemail or fax: machine) or a start that sent nothing ({@code not-delivered:<code>}: Twilio refused it or failed, the number
     *     had opted out); counted in {@code sessions} and {@code byStatus}, at no question, and not in the completion
     *     rate: a campaign row tried again after Twilio failed leaves one such session each try
     * @param version the version whose sessions are summed up, on its questions and scales; null when every
     *     session is, on the current version's questions
     * @param versions the survey's versions a client may choose from, oldest first (see {@link VersionSummary});
     *     empty when not asked for (a summary made without the results API)
     */
    public record Summary(String surveyId, int sessions, Map<String, Integer> byStatus,
                          Map<String, Integer> byChannel, double completionRate, int noResponse, int notReached,
                          WelcomeSummary welcome, RetiredQuestionsSummary retiredQuestions,
                          List<QuestionSummary> questions, List<TextAnswer> recentTexts,
                          String version, List<VersionSummary> versions) {
    }

    /**
     * One version of the survey, as the summary lists them: the versions kept under {@code survey-versions/} (every
     * version that ran, unless a lifecycle rule expired its copy), the current one, and any other a counted session
     * ran. The counts are of the sessions the other filters ({@code channel}, {@code language}, the days) match,
     * whichever {@code version} is asked for; a session stored before versions were recorded counts under none.
     *
     * @param version 16 hex digits, as sessions record it in {@code surveyVersion}
     * @param current true for the version the survey runs (for a survey taken out of the bucket, its newest kept one)
     * @param available true when {@code version=} may name it: its copy is kept, or it is the current one; false for a
     *     version only sessions name, whose questions are no longer known
     * @param keptAt when its copy was first written (ISO-8601 UTC), about when it first ran; null when none is kept
     * @param sessions the matching finished sessions that ran it, 0 or more
     * @param firstStarted the earliest {@code surveyStarted} of those sessions (ISO-8601), or null when none
     * @param lastStarted the latest {@code surveyStarted} of those sessions (ISO-8601), or null when none
     */
    public record VersionSummary(String version, boolean current, boolean available, String keptAt, int sessions,
                                 String firstStarted, String lastStarted) {
    }

    private static final class QuestionTally {
        private final Question question;
        private int answered;
        private int skipped;
        private int droppedHere;
        private int optedOutHere;
        private final Map<String, Integer> distribution;
        /** A number question's answers, value to count: bounded by the distinct answers, not the sessions. */
        private final TreeMap<BigDecimal, Integer> numbers = new TreeMap<>();

        private QuestionTally(Question question) {
            this.question = question;
            this.distribution = new TreeMap<>(displayOrder(question));
            if (question.type().numeric() && question.type() != QuestionType.NUMBER
                    && question.highest() - question.lowest() <= 10) {
                for (int value = question.lowest(); value <= question.highest(); value++) {
                    distribution.put(Integer.toString(value), 0);
                }
            } else if (question.type() == QuestionType.YES_NO) {
                distribution.put("yes", 0);
                distribution.put("no", 0);
            } else if (question.type() == QuestionType.CHOICE) {
                question.options().forEach(option -> distribution.put(option.value(), 0));
            }
        }
    }

    /**
     * The order a question's answers are shown in: a choice's options as the survey lists them (their keys' order,
     * website 1 before app 2), yes before no, as the question asks them (until 2026-12-07 alphabetical, by an analyst's
     * probe); then numbers in numeric order, then other words in alphabetical order (an answer of an earlier version).
     */
    private static Comparator<String> displayOrder(Question question) {
        Map<String, Integer> rank = new java.util.HashMap<>();
        if (question.type() == QuestionType.CHOICE) {
            question.options().forEach(option -> rank.putIfAbsent(option.value(), rank.size()));
        } else if (question.type() == QuestionType.YES_NO) {
            rank.put("yes", 0);
            rank.put("no", 1);
        }
        return Comparator.comparing((String value) -> rank.getOrDefault(value, Integer.MAX_VALUE))
                .thenComparing(ResultsSummary::order).thenComparing(Comparator.naturalOrder());
    }

    /** Numbers in numeric order, then words in alphabetical order. */
    private static double order(String value) {
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            return Double.MAX_VALUE;
        }
    }

    /** A summary that knows no earlier version's questions: each answer counts as the question is now. */
    public ResultsSummary(Survey survey) {
        this(survey, version -> Optional.empty());
    }

    /**
     * @param survey the survey's definition whose questions are summed up: the current one, or the version whose
     *     sessions alone are added
     * @param versions the survey as another version ran it ({@code SurveyCatalog.version}), by the session's
     *     {@code surveyVersion}: empty when its copy is gone, and the answers then count as the question is now;
     *     called once a version
     */
    public ResultsSummary(Survey survey, Function<String, Optional<Survey>> versions) {
        this.survey = survey;
        this.versions = versions;
        survey.questions().forEach(question -> questions.put(question.name(), new QuestionTally(question)));
    }

    /** Adds one finished session document ({@code surveyStatus}, {@code surveyMedium}, {@code questions}, ...). */
    public void add(JsonNode session) {
        sessions++;
        byStatus.merge(session.path("surveyStatus").asText("UNKNOWN"), 1, Integer::sum);
        byChannel.merge(session.path("surveyMedium").asText("unknown"), 1, Integer::sum);
        // Drop-off is where a respondent left: a start that reached nobody (a call not answered, a first text
        // Twilio refused) left nowhere, and a respondent who never replied did not leave, as they never began.
        boolean reachedNobody = reachedNobody(session.path("endReason").asText(""));
        notReached += reachedNobody ? 1 : 0;
        // A session the survey's author ended (its version's copy gone, its open question renamed) did not lose its
        // respondent at that question: until 2026-12-06 the dashboard blamed the question for it.
        boolean abandoned = "ABANDONED".equals(session.path("surveyStatus").asText()) && !reachedNobody
                && !SurveyProcessor.SURVEY_CHANGED.equals(session.path("endReason")
                        .asText(""));
        if (abandoned && noResponse(session)) {
            noResponse++;
            abandoned = false;
        }
        // An opt-out mid-survey leaves at a question too; counted apart, as it is a refusal, not a drop-off.
        // A start to a number that had opted out sent nothing (21610, or an opt-out stored as it started): nowhere.
        boolean optedOut = "OPTED_OUT".equals(session.path("surveyStatus").asText()) && !reachedNobody;
        boolean declined = abandoned && SurveyProcessor.DECLINED.equals(session.path("endReason").asText(""));
        boolean atWelcome = endedAtWelcome(session);
        if (atWelcome) {
            droppedAtWelcome += abandoned && !declined ? 1 : 0;
            optedOutAtWelcome += optedOut ? 1 : 0;
            declinedAtWelcome += declined ? 1 : 0;
        }
        String language = session.path("languageSet").asText(null);
        JsonNode results = session.path("questions");
        int index = session.path("questionIndex").asInt(-1);
        boolean continuesACall = session.hasNonNull("fallbackFrom");
        Survey ran = ranOn(session.path("surveyVersion").asText(null));
        for (int i = 0; i < results.size(); i++) {
            JsonNode result = results.get(i);
            QuestionTally tally = questions.get(result.path("questionName").asText());
            if (continuesACall && "voice".equals(result.path("channel").asText(null))) {
                continue;
            }
            if (tally == null) {
                // A question only an older version had: where the respondent left all the same (until 2026-12-07
                // counted nowhere, so the questions' drop-offs fell short of the abandoned sessions: an analyst's
                // probe).
                if (i == index && !result.hasNonNull("answer") && !atWelcome) {
                    droppedAtRetired += abandoned ? 1 : 0;
                    optedOutAtRetired += optedOut ? 1 : 0;
                }
                continue;
            }
            // Where the respondent left, whatever type the question had then: it holds no answer.
            if (i == index && !result.hasNonNull("answer") && !atWelcome) {
                tally.droppedHere += abandoned ? 1 : 0;
                tally.optedOutHere += optedOut ? 1 : 0;
            }
            if (!sameType(result, tally.question) || !sameScale(ran, tally.question)) {
                continue;
            }
            if (result.path("skipped").asBoolean(false)) {
                tally.skipped++;
            } else if (result.hasNonNull("answer")) {
                tally.answered++;
                if (tally.question.type().freeText()) {
                    texts.add(new TextAnswer(tally.question.name(), cut(result.get("answer").asText()),
                            result.path("answeredAt").asText(null), language));
                    texts.sort(Comparator.comparing((TextAnswer text) -> instant(text.answeredAt()),
                            Comparator.nullsLast(Comparator.reverseOrder())));
                    if (texts.size() > RECENT_TEXTS) {
                        texts.remove(texts.size() - 1);
                    }
                } else if (tally.question.type() != QuestionType.NUMBER) {
                    tally.distribution.merge(result.get("answer").asText(), 1, Integer::sum);
                } else {
                    // A number's answers are open-ended: no distribution, but their spread.
                    BigDecimal value = number(result.get("answer").asText());
                    if (value != null) {
                        tally.numbers.merge(value, 1, Integer::sum);
                    }
                }
            }
        }
    }

    /**
     * Whether an abandoned session that reached the respondent got no reply at all: a non-respondent, in survey
     * research's terms, rather than a break-off at the first question. Only a texted survey (SMS or WhatsApp) can be:
     * a call that was answered took the respondent through the welcome, and one that was not reached nobody. A texted
     * survey had a reply when its document shows one:
     * <ul>
     *   <li>a question answered or skipped in it (not one carried from the dropped call a text survey goes on
     *       from, {@code fallbackFrom});</li>
     *   <li>{@code invalidAnswers} above 0: a reply the open question, or the welcome, could not read (the welcome's
     *       were counted from 2026-12-04; before, a respondent whose only replies were such is counted here);</li>
     *   <li>{@code turn} above the turns the survey took on its own: the reply to the welcome that went on (CONTINUE,
     *       or a language) moved it from 0 to 1, as each answer moves it on; a text survey going on from a dropped call
     *       asks its first open question at once, turn 1, with no welcome to reply to.</li>
     * </ul>
     * A reply that opted out ends the survey {@code OPTED_OUT}, never here. Keywords the carrier or Twilio answer
     * (HELP, START) change nothing in the survey and are not counted as replies.
     */
    static boolean noResponse(JsonNode session) {
        if (!TEXTED.contains(session.path("surveyMedium").asText())
                || SurveyProcessor.DECLINED.equals(session.path("endReason").asText())) {
            // A decline of the welcome ("No thanks") is a reply: a refusal, not silence.
            return false;
        }
        boolean continuesACall = session.hasNonNull("fallbackFrom");
        boolean carriesAnswers = false;
        for (JsonNode result : session.path("questions")) {
            boolean given = result.hasNonNull("answer") || result.path("skipped").asBoolean(false);
            boolean carried = continuesACall && "voice".equals(result.path("channel").asText(null));
            if (given && !carried) {
                return false;
            }
            carriesAnswers |= given;
        }
        int turnsWithoutReply = carriesAnswers ? 1 : 0;
        return session.path("invalidAnswers").asInt(0) == 0 && session.path("turn").asInt(0) <= turnsWithoutReply;
    }

    /** The channels a survey is texted on. */
    private static final Set<String> TEXTED = Set.of("sms", "whatsapp");

    /** A call's final statuses other than {@code completed}, and a call a voicemail or fax took: nobody answered it. */
    private static final Set<String> UNANSWERED_CALL = Set.of("busy", "no-answer", "failed", "canceled",
            SurveyProcessor.MACHINE);

    /**
     * Whether a finished session ended at its welcome, before the first question was asked, as the summary counts it:
     * noted so since 2026-12-07 ({@code endedAtWelcome}), and always for a decline, which only a welcome takes; never
     * one that reached nobody (a first text undelivered, a call not answered: {@code notReached}) nor one ended as its
     * survey changed, which the summary counts at no welcome either (a reviewer's probe found the CSV saying so).
     */
    public static boolean endedAtWelcome(JsonNode session) {
        String endReason = session.path("endReason").asText("");
        return !reachedNobody(endReason) && !SurveyProcessor.SURVEY_CHANGED.equals(endReason)
                && (session.path("endedAtWelcome").asBoolean(false) || SurveyProcessor.DECLINED.equals(endReason));
    }

    /**
     * Whether a finished session counts in {@link Summary#noResponse}: abandoned, not for reaching nobody nor for its
     * survey changing under it, and with no reply ({@link #noResponse(JsonNode)}).
     */
    public static boolean withoutResponse(JsonNode session) {
        String endReason = session.path("endReason").asText("");
        return "ABANDONED".equals(session.path("surveyStatus").asText()) && !reachedNobody(endReason)
                && !SurveyProcessor.SURVEY_CHANGED.equals(endReason) && noResponse(session);
    }

    /** A call not answered (a final call status other than completed) or a start Twilio refused (not-delivered). */
    private static boolean reachedNobody(String endReason) {
        return endReason.startsWith("not-delivered") || UNANSWERED_CALL.contains(endReason);
    }

    /**
     * Whether an answer was given to the question as it is now: one stored under an older version where the question
     * had another type (a text, now a rating) is left out rather than counted as a value it never was. An answer
     * stored without its type (documents before 2026-11-30) counts as it is for a free-text, yes/no or choice question,
     * and for a numeric one ({@code dtmf}, {@code rating}, {@code nps}, {@code number}) only when it is a number the
     * question takes now: within its range, whole unless it takes decimals. The words of an old {@code speech}
     * question retyped {@code nps} under the same name are no scores (they counted as promoters). A result without an
     * answer (skipped, not reached) counts as it is.
     */
    private static boolean sameType(JsonNode result, Question question) {
        String stored = result.path("questionType").asText(null);
        if (stored != null) {
            return stored.equals(question.type().configName());
        }
        JsonNode answer = result.path("answer");
        if (!question.type().numeric() || answer.isMissingNode() || answer.isNull()) {
            return true;
        }
        BigDecimal value = answer.isNumber() || answer.isTextual() ? number(answer.asText()) : null;
        return value != null && (question.decimals() || value.stripTrailingZeros().scale() <= 0)
                && value.compareTo(BigDecimal.valueOf(question.lowest())) >= 0
                && value.compareTo(BigDecimal.valueOf(question.highest())) <= 0;
    }

    /**
     * The survey as {@code version} ran it: the one summed up when it is that version, or when the session names none
     * (stored before versions were recorded: counted as now); the kept copy of another version; null when that copy
     * is gone (a lifecycle rule expired it), so its questions' ends are unknown.
     */
    private Survey ranOn(String version) {
        if (version == null || version.equals(survey.version())) {
            return survey;
        }
        return versionsSeen.computeIfAbsent(version, versions).orElse(null);
    }

    /**
     * Whether a scale question ({@code rating}, {@code nps}, {@code dtmf}: answers counted by value) had the same ends
     * in the version a session ran ({@code ran}) as now: a rating of 1 to 5 widened to 1 to 10 would otherwise count a
     * top mark (5) as a middling one. Until 2026-12-05 such answers were counted as today's values. When the version's
     * copy is gone ({@code ran} null) its ends are unknown, and only an NPS, always 0 to 10, counts: until 2026-12-05
     * the others were counted on today's scale. A {@code number} is a count, whatever its bounds; other types have no
     * ends.
     */
    private static boolean sameScale(Survey ran, Question question) {
        if (!question.type().numeric() || question.type() == QuestionType.NUMBER) {
            return true;
        }
        if (ran == null) {
            return question.type() == QuestionType.NPS;
        }
        int index = ran.indexOf(question.name());
        if (index < 0) {
            return true;
        }
        Question then = ran.question(index);
        return then.lowest() == question.lowest() && then.highest() == question.highest();
    }

    /**
     * A number written in ASCII digits ({@code -7}, {@code 10}, {@code 7.5}, {@code 3.14159265358979}, and
     * {@code 5.0E-4} as a stored decimal under 0.001 reads), or null for anything else. Until 2026-12-06 a decimal
     * under 0.001 or one with more than nine decimals was left out of the count, mean and median, with no word of it.
     */
    private static BigDecimal number(String text) {
        return NUMBER.matcher(text).matches() ? new BigDecimal(text) : null;
    }

    /** At most nine digits before the point, as an answer is read; an exponent of two digits at most. */
    private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,9}(\\.[0-9]{1,40})?([eE][-+]?[0-9]{1,2})?");

    /** An ISO-8601 instant, or null: text times sort by instant, not as text ({@code :00Z} after {@code :00.5Z}). */
    static Instant instant(String text) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static String cut(String text) {
        // Counted in code points: a cut between the halves of an emoji left a lone surrogate, which strict UTF-8
        // readers refuse; cut where no user-perceived character is split (an accent, a flag, a family emoji).
        if (text.codePointCount(0, text.length()) <= TEXT_CHARACTERS) {
            return text;
        }
        return PlainText.prefix(text, text.offsetByCodePoints(0, TEXT_CHARACTERS - 1)) + "…";
    }

    /**
     * % promoters (9-10) minus % detractors (0-6) over the scores counted, rounded to one decimal with halves away
     * from zero (6.25 is 6.3 and -6.25 is -6.3; {@code Math.round} made the latter -6.2); null when none was
     * counted. Only whole-number keys are scores: a word counted nowhere, where it once counted as a promoter.
     *
     * @param distribution score (as text) to count
     */
    private static Double npsScore(Map<String, Integer> distribution) {
        int respondents = 0;
        int promoters = 0;
        int detractors = 0;
        for (Map.Entry<String, Integer> value : distribution.entrySet()) {
            BigDecimal score = number(value.getKey());
            if (score == null || score.stripTrailingZeros().scale() > 0) {
                continue;
            }
            respondents += value.getValue();
            promoters += score.compareTo(BigDecimal.valueOf(9)) >= 0 ? value.getValue() : 0;
            detractors += score.compareTo(BigDecimal.valueOf(6)) <= 0 ? value.getValue() : 0;
        }
        if (respondents == 0) {
            return null;
        }
        return BigDecimal.valueOf(100L * (promoters - detractors))
                .divide(BigDecimal.valueOf(respondents), 1, RoundingMode.HALF_UP).doubleValue();
    }

    /** The spread of a number question's answers (value to count); null when there is none. */
    private static NumberSummary numberSummary(TreeMap<BigDecimal, Integer> numbers) {
        if (numbers.isEmpty()) {
            return null;
        }
        int count = 0;
        BigDecimal sum = BigDecimal.ZERO;
        for (Map.Entry<BigDecimal, Integer> value : numbers.entrySet()) {
            count += value.getValue();
            sum = sum.add(value.getKey().multiply(BigDecimal.valueOf(value.getValue())));
        }
        // The values at positions (count - 1) / 2 and count / 2 (0-based, numeric order): one value for an odd count.
        BigDecimal lower = null;
        BigDecimal upper = null;
        int seen = 0;
        for (Map.Entry<BigDecimal, Integer> value : numbers.entrySet()) {
            seen += value.getValue();
            if (lower == null && seen > (count - 1) / 2) {
                lower = value.getKey();
            }
            if (seen > count / 2) {
                upper = value.getKey();
                break;
            }
        }
        BigDecimal two = BigDecimal.valueOf(2);
        return new NumberSummary(count, sum.divide(BigDecimal.valueOf(count), 3, RoundingMode.HALF_UP).doubleValue(),
                lower.add(upper).divide(two, 3, RoundingMode.HALF_UP).doubleValue(),
                numbers.firstKey().doubleValue(), numbers.lastKey().doubleValue());
    }

    /** The summary of the sessions added so far, without a version filter or a list of versions. */
    public Summary summary() {
        return summary(null, List.of());
    }

    /**
     * The summary of the sessions added so far.
     *
     * @param version the version the sessions added were filtered on, or null
     * @param versions the survey's versions to list
     */
    public Summary summary(String version, List<VersionSummary> versions) {
        int reached = sessions - notReached;
        int completed = byStatus.getOrDefault("COMPLETED", 0);
        List<QuestionSummary> list = new ArrayList<>();
        for (QuestionTally tally : questions.values()) {
            Double nps = null;
            if (tally.question.type() == QuestionType.NPS && tally.answered > 0) {
                nps = npsScore(tally.distribution);
            }
            list.add(new QuestionSummary(tally.question.name(), tally.question.type().configName(), tally.answered,
                    tally.skipped, tally.droppedHere, tally.optedOutHere, new LinkedHashMap<>(tally.distribution),
                    nps, numberSummary(tally.numbers)));
        }
        return new Summary(survey.surveyId(), sessions, new LinkedHashMap<>(byStatus), new LinkedHashMap<>(byChannel),
                reached == 0 ? 0 : Math.round(1000.0 * completed / reached) / 1000.0, noResponse, notReached,
                new WelcomeSummary(droppedAtWelcome, optedOutAtWelcome, declinedAtWelcome),
                new RetiredQuestionsSummary(droppedAtRetired, optedOutAtRetired), list, List.copyOf(texts), version,
                List.copyOf(versions));
    }
}
