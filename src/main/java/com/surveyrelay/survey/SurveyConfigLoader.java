package com.surveyrelay.survey;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.survey.LanguageFileReader.LanguageFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.commons.codec.binary.Hex;
import org.apache.commons.codec.digest.DigestUtils;

/**
 * Reads and lints a survey: {@code survey-config.json} plus one {@code voice-prompts/survey-<tag>.env} per
 * language, in the original template's formats with our optional additions. Either every file is right
 * and a whole {@link Survey} comes back, or a {@link SurveyConfigException} lists every problem found
 * (file, key, what is wrong): a survey is never half loaded.
 *
 * <p>A language offers itself to the others with its own {@code languageName}, {@code languageReplies},
 * {@code languageDigit}, {@code languageOffer} and {@code languageOfferSMS}, so adding a language is adding
 * one file. The original's {@code languageOption*} keys, which describe the one other language from inside
 * each file, still work.
 */
public final class SurveyConfigLoader {

    public static final String SURVEY_CONFIG = "survey-config.json";
    public static final String PROMPTS_FOLDER = "voice-prompts/";

    static final String DEFAULT_SURVEY_ID = "default";
    static final String PREFERRED_DEFAULT_LANGUAGE = "en-US";
    static final int DEFAULT_MAX_RETRIES = 2;
    /**
     * The most times a question is asked again ({@code maxRetries}): past five a respondent who cannot answer is kept
     * on a call, or texted, for minutes on one question.
     */
    static final int MAX_RETRIES_LIMIT = 5;
    static final int DEFAULT_GATHER_TIMEOUT_SECONDS = 5;
    /**
     * The bounds of {@code gatherTimeoutSeconds}, the seconds a call's {@code <Gather>} waits for a first key or word:
     * Twilio's {@code timeout} takes a positive whole number of seconds, and a minute of silence is already more than
     * a caller waits.
     */
    static final int GATHER_TIMEOUT_MIN_SECONDS = 1;
    static final int GATHER_TIMEOUT_MAX_SECONDS = 60;
    static final int VERSION_HEX_DIGITS = 16;
    /**
     * The most questions a survey may ask. Each question asked adds its answer to the completion event (EventBridge
     * takes at most 256 KB an event) and a line to the closing SMS summary: a 2,000-question survey passed, and a
     * completed session made a huge event and an 11-part goodbye text. A hundred is far more than respondents answer
     * by phone or text, and keeps a survey of short answers to one summary text or two.
     */
    static final int MAX_QUESTIONS = 100;

    private static final Pattern PROMPT_FILE = Pattern.compile("voice-prompts/survey-(.*)\\.env");
    private static final Pattern LANGUAGE_TAG =
            Pattern.compile("[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?");
    private static final Pattern SURVEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    /** The most characters of a question name. */
    private static final int MAX_QUESTION_NAME = 64;
    /** An ASCII letter, then ASCII letters, digits and _: a question name is a key of every language file. */
    private static final Pattern QUESTION_NAME =
            Pattern.compile("[A-Za-z][A-Za-z0-9_]{0," + (MAX_QUESTION_NAME - 1) + "}");
    private static final int MAX_RANGE = 99_999;

    private static final Set<String> SURVEY_KEYS =
            Set.of("surveyId", "defaultLanguage", "maxRetries", "gatherTimeoutSeconds", "questions", "contactHours",
                    "fallback", "minSpeechConfidence");
    private static final Set<String> FALLBACK_KEYS = Set.of("smsWhenCallUnanswered", "smsAfterDroppedCall");
    private static final Set<String> CONTACT_HOURS_KEYS = Set.of("days", "hours");
    private static final Set<String> QUESTION_KEYS =
            Set.of("questionName", "questionType", "min", "max", "decimals", "options", "next");
    static final double DEFAULT_MIN_SPEECH_CONFIDENCE = 0.4;

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The form of a language tag in a prompt file's name, and wherever a request names a language. */
    public static boolean isLanguageTag(String text) {
        return text != null && LANGUAGE_TAG.matcher(text).matches();
    }

    /**
     * Whether a file named so, inside a survey's folder, is read by {@link #load}: {@code survey-config.json}, or a
     * language file named by a tag Twilio speaks. Any other is refused for its name alone, whatever it holds, so its
     * bytes need not be read (a recording uploaded to {@code voice-prompts/}).
     */
    public static boolean isReadByName(String name) {
        if (name.equals(SURVEY_CONFIG)) {
            return true;
        }
        Matcher promptFile = PROMPT_FILE.matcher(name);
        return promptFile.matches() && LANGUAGE_TAG.matcher(promptFile.group(1)).matches()
                && TwilioVocabulary.spoken(promptFile.group(1)).isPresent();
    }

    /**
     * What a surveyId is, in the words every refusal of one uses (the loader's, the folder lint's, the API's 404): one
     * rule, said once, so that none leaves out the leading dash.
     */
    public static final String SURVEY_ID_FORM = "lower-case letters, digits and dashes, starting with a letter or a "
            + "digit, at most 63 characters";

    /** The form of a survey id ({@link #SURVEY_ID_FORM}): it names S3 folders, so nothing else passes for one. */
    public static boolean isSurveyId(String text) {
        return text != null && SURVEY_ID.matcher(text).matches();
    }

    /**
     * True when {@code name} has the form of a question name (an ASCII letter, then ASCII letters, digits and _, at
     * most {@value #MAX_QUESTION_NAME} characters), whether or not a standard prompt key takes it.
     */
    static boolean hasQuestionNameForm(String name) {
        return QUESTION_NAME.matcher(name).matches();
    }

    /**
     * Whether a question may have this name, so that its prompt is looked for in each language file: an ASCII
     * letter, then ASCII letters, digits and {@code _}, at most {@value #MAX_QUESTION_NAME} characters, neither a
     * standard prompt key nor {@code end}.
     */
    static boolean isQuestionName(String name) {
        return QUESTION_NAME.matcher(name).matches() && !LanguageFileReader.isReservedKey(name)
                && !Question.Branch.END.equals(name);
    }

    /** The configuration files under a folder laid out like the bucket ({@code config-files/} locally). */
    public static List<ConfigFile> readDirectory(Path root) throws IOException {
        List<ConfigFile> files = new ArrayList<>();
        Path surveyConfig = root.resolve(SURVEY_CONFIG);
        if (Files.isRegularFile(surveyConfig)) {
            files.add(new ConfigFile(SURVEY_CONFIG, Files.readAllBytes(surveyConfig)));
        }
        Path prompts = root.resolve(PROMPTS_FOLDER);
        if (Files.isDirectory(prompts)) {
            try (Stream<Path> listing = Files.list(prompts)) {
                for (Path file : listing.filter(Files::isRegularFile).sorted().toList()) {
                    files.add(new ConfigFile(PROMPTS_FOLDER + file.getFileName(), Files.readAllBytes(file)));
                }
            }
        }
        return files;
    }

    /**
     * Lints a survey's files and builds the survey from them.
     *
     * @param files {@code survey-config.json} and one {@code voice-prompts/survey-<tag>.env} per language, named as
     *     in the survey's folder
     * @return the whole survey, when no file has a problem
     * @throws SurveyConfigException listing every problem found, each naming its file and key: the config's first,
     *     then each language file's. A problem is reported where it lies and not again as its consequence: a language
     *     file refused for its name ({@code survey-en.env}: Twilio speaks no {@code en}) is not also missing as the
     *     only language or as the {@code defaultLanguage}'s file; a bound out of range is not also a missing bound; a
     *     refused question name's prompts are not also unknown keys
     */
    public Survey load(List<ConfigFile> files) {
        return load(files, true);
    }

    /**
     * Builds a version that ran from its kept copy, for the sessions that started on it. Only the checks that keep the
     * engine from breaking apply: the files' structure and names, each question's type and bounds, jumps that resolve
     * ({@link SkipLogicLint}), the prompts, option words, voice and language offers a step needs. The checks that
     * guard respondents against an author's words ({@link LanguageFileReader}'s {@code lint}: wording, lengths,
     * invisible, hidden and control characters, placeholders, polite, yes/no and option words; and {@link
     * ConsentWordAnswers}) are left out, whenever they were added: a copy is never edited, it passed the lint of its
     * day, and failing one added since cost its sessions in flight their version (survey-changed, or the current
     * version's questions) though their respondents had been answering it for days.
     *
     * @param files the copy's files, named as in the survey's folder
     * @throws SurveyConfigException as {@link #load}, for any other problem
     */
    public Survey loadKept(List<ConfigFile> files) {
        return load(files, false);
    }

    private Survey load(List<ConfigFile> files, boolean strict) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigFile surveyFile = null;
        Map<String, ConfigFile> promptFiles = new TreeMap<>();
        // The languages of the files named like language files but refused for their name: already reported, so
        // neither "no language file" nor a defaultLanguage "without its file" is reported for them as well.
        Set<String> refusedNames = new LinkedHashSet<>();
        for (ConfigFile file : files) {
            if (file.name().equals(SURVEY_CONFIG)) {
                surveyFile = file;
                continue;
            }
            Matcher promptFile = PROMPT_FILE.matcher(file.name());
            if (!promptFile.matches()) {
                problems.add(new ConfigProblem(file.name(), "", "unknown configuration file: expected "
                        + SURVEY_CONFIG + " or " + PROMPTS_FOLDER + "survey-<language>.env"));
            } else if (!LANGUAGE_TAG.matcher(promptFile.group(1)).matches()) {
                refusedNames.add(promptFile.group(1));
                problems.add(new ConfigProblem(file.name(), "", "unknown language file name: \"" + promptFile.group(1)
                        + "\" is not a language tag like en-US (expected " + PROMPTS_FOLDER
                        + "survey-<language>.env)"));
            } else if (TwilioVocabulary.spoken(promptFile.group(1)).isEmpty()) {
                refusedNames.add(promptFile.group(1));
                List<String> spoken = TwilioVocabulary.spokenTags(promptFile.group(1).split("-")[0]);
                problems.add(new ConfigProblem(file.name(), "", "unknown language file name: Twilio cannot speak "
                        + promptFile.group(1) + (spoken.isEmpty() ? "" : " (it speaks " + String.join(", ", spoken)
                        + ")")));
            } else {
                promptFiles.put(promptFile.group(1), file);
            }
        }
        SurveySettings settings = surveyFile == null ? null : readSurvey(surveyFile, problems);
        if (surveyFile == null) {
            problems.add(new ConfigProblem(SURVEY_CONFIG, "", "file is missing"));
        }
        if (promptFiles.isEmpty() && refusedNames.isEmpty()) {
            problems.add(new ConfigProblem(PROMPTS_FOLDER, "", "no language file: add at least one "
                    + PROMPTS_FOLDER + "survey-<language>.env"));
        }
        List<Question> questions = settings == null ? null : settings.questions();
        Set<String> questionNames = settings == null ? null : settings.questionNames();
        boolean needsRecognition = promptFiles.size() > 1 || questions == null
                || questions.stream().anyMatch(question -> question.type() != QuestionType.DTMF);
        Map<String, LanguageFile> languages = new LinkedHashMap<>();
        promptFiles.forEach((tag, file) -> LanguageFileReader.read(
                file, tag, questions, questionNames, needsRecognition, strict, problems)
                .ifPresent(language -> languages.put(tag, language)));
        Map<String, List<LanguageOffer>> offers = offers(promptFiles, languages, problems);
        if (questions != null && strict) {
            ConsentWordAnswers.check(questions, languages, problems);
            namesDifferingInCaseOnly(questions, problems);
            namesOfTextedPrompts(questions, problems);
        }
        String defaultLanguage = settings == null ? null
                : defaultLanguage(settings, promptFiles, refusedNames, problems);

        if (!problems.isEmpty()) {
            throw new SurveyConfigException(problems);
        }
        Map<String, SurveyLanguage> spoken = new LinkedHashMap<>();
        languages.forEach((tag, language) -> spoken.put(tag, language.language()));
        return new Survey(settings.surveyId(), defaultLanguage, settings.maxRetries(),
                settings.gatherTimeoutSeconds(), settings.minSpeechConfidence(), settings.questions(),
                Map.copyOf(spoken), Map.copyOf(offers),
                settings.contactHours(), settings.fallback(), version(files));
    }

    /**
     * Refuses a question named as an earlier one but for case ("qA" beside "qa"): their results.csv columns are one for
     * the tools that ignore case (Athena, Glue, SQL imports), which merge or refuse them (an analyst's probe,
     * 2026-12-07). Lint only: a kept copy loads as it ran.
     */
    /**
     * Refuses a question named as another's texted prompt ({@code questionContactMeSMS} beside {@code
     * questionContactMe}, {@link LanguageFileReader#TEXTED_SUFFIX}): one key of each language file would be both; and
     * one whose texted prompt's key is a standard prompt's ({@code continue}: {@code continueSMS}). Lint only: a kept
     * copy loads as it ran, texted as it was (neither such key is read as a texted prompt).
     */
    private static void namesOfTextedPrompts(List<Question> questions, List<ConfigProblem> problems) {
        Set<String> names = new java.util.HashSet<>();
        questions.forEach(question -> names.add(question.name()));
        for (int index = 0; index < questions.size(); index++) {
            String name = questions.get(index).name();
            String asked = name.substring(0, name.length() - (name.endsWith(LanguageFileReader.TEXTED_SUFFIX)
                    ? LanguageFileReader.TEXTED_SUFFIX.length() : 0));
            if (!asked.equals(name) && names.contains(asked)) {
                problems.add(new ConfigProblem(SURVEY_CONFIG, "questions[" + index + "].questionName", "\"" + name
                        + "\" is the key of " + asked + "'s texted prompt in each language file; choose another name"));
            } else if (LanguageFileReader.isReservedKey(name + LanguageFileReader.TEXTED_SUFFIX)) {
                // "continue": its texted prompt's key, continueSMS, is the standard prompt that says how to begin (a
                // breaker's probe, 2026-12-07: such a question was texted that line).
                problems.add(new ConfigProblem(SURVEY_CONFIG, "questions[" + index + "].questionName", "\"" + name
                        + "\" would have its texted prompt at " + name + LanguageFileReader.TEXTED_SUFFIX
                        + ", a standard prompt key; choose another name"));
            }
        }
    }

    private static void namesDifferingInCaseOnly(List<Question> questions, List<ConfigProblem> problems) {
        Map<String, String> byLowerCase = new LinkedHashMap<>();
        for (int index = 0; index < questions.size(); index++) {
            String name = questions.get(index).name();
            String earlier = byLowerCase.putIfAbsent(name.toLowerCase(java.util.Locale.ROOT), name);
            if (earlier != null && !earlier.equals(name)) {
                problems.add(new ConfigProblem(SURVEY_CONFIG, "questions[" + index + "].questionName", "\"" + name
                        + "\" differs from \"" + earlier + "\" only in case: their results.csv columns would be one "
                        + "for tools that ignore case; choose another name"));
            }
        }
    }

    /**
     * The question names a {@code survey-config.json} declares, in its order, each once, without linting the rest:
     * for the copy of a version that passed the lint when it ran.
     *
     * @param surveyConfig the file's bytes (UTF-8 JSON); an empty file declares none
     * @throws IllegalArgumentException when the bytes are not JSON
     */
    public List<String> questionNames(byte[] surveyConfig) {
        try {
            return List.copyOf(declaredNames(json.readTree(surveyConfig).path("questions")));
        } catch (IOException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage(), e);
        }
    }

    /** The version of a survey's files: see {@link Survey#version()}. */
    public static String version(List<ConfigFile> files) {
        MessageDigest sha256 = DigestUtils.getSha256Digest();
        files.stream().sorted(Comparator.comparing(ConfigFile::name)).forEach(file -> {
            sha256.update(file.name().getBytes(StandardCharsets.UTF_8));
            sha256.update((byte) 0);
            sha256.update(file.content());
            sha256.update((byte) 0);
        });
        return Hex.encodeHexString(sha256.digest()).substring(0, VERSION_HEX_DIGITS);
    }

    // ---- survey-config.json ----

    /**
     * @param questions the questions read, or null when the file has no array of them (missing, empty or not an
     *     array): then the language files' question prompts are not checked, as every one would be reported as an
     *     unknown key, the consequence of the one problem
     * @param questionNames every question name the file declares, including those of questions with other
     *     problems and names refused themselves ({@code "qé"}), so that their prompts are not reported as unknown keys
     *     as well
     */
    private record SurveySettings(
            String surveyId, String defaultLanguage, int maxRetries, int gatherTimeoutSeconds,
            List<Question> questions, Set<String> questionNames, ContactHours contactHours, SurveyFallback fallback,
            double minSpeechConfidence) {
    }

    private SurveySettings readSurvey(ConfigFile file, List<ConfigProblem> problems) {
        String name = file.name();
        JsonNode root;
        try {
            root = json.readTree(file.content());
        } catch (JsonProcessingException e) {
            problems.add(JsonSyntaxProblems.describe(name, e));
            return null;
        } catch (IOException e) {
            problems.add(new ConfigProblem(name, "", "cannot be read: " + e.getMessage()));
            return null;
        }
        if (root == null || root.isMissingNode()) {
            problems.add(new ConfigProblem(name, "", "file is empty"));
            return null;
        }
        if (!root.isObject()) {
            problems.add(new ConfigProblem(name, "", "expected a JSON object with a \"questions\" array"));
            return null;
        }
        unknownKeys(root, SURVEY_KEYS, name, "", problems);
        String surveyId = optionalText(root, "surveyId", name, "", problems).orElse(DEFAULT_SURVEY_ID);
        if (!SURVEY_ID.matcher(surveyId).matches()) {
            problems.add(new ConfigProblem(name, "surveyId", "\"" + surveyId + "\" is no surveyId, which is "
                    + SURVEY_ID_FORM));
        }
        String defaultLanguage = optionalText(root, "defaultLanguage", name, "", problems).orElse(null);
        int maxRetries = optionalInt(root, "maxRetries", 0, MAX_RETRIES_LIMIT, name, "", problems)
                .orElse(DEFAULT_MAX_RETRIES);
        int timeout = optionalInt(root, "gatherTimeoutSeconds", GATHER_TIMEOUT_MIN_SECONDS,
                GATHER_TIMEOUT_MAX_SECONDS, name, "", problems)
                .orElse(DEFAULT_GATHER_TIMEOUT_SECONDS);
        double minSpeechConfidence = DEFAULT_MIN_SPEECH_CONFIDENCE;
        JsonNode confidence = root.get("minSpeechConfidence");
        if (confidence != null && !confidence.isNull()) {
            if (!confidence.isNumber() || confidence.asDouble() < 0 || confidence.asDouble() > 1) {
                problems.add(new ConfigProblem(name, "minSpeechConfidence", "must be a number from 0 to 1 (Twilio's "
                        + "Confidence scale; 0 takes every speech answer)"));
            } else {
                minSpeechConfidence = confidence.asDouble();
            }
        }

        JsonNode list = root.get("questions");
        List<Question> questions = new ArrayList<>();
        Set<String> names = new LinkedHashSet<>();
        Set<String> declared = Set.of();
        if (list == null) {
            problems.add(new ConfigProblem(name, "questions", "is missing: a survey needs at least one question"));
        } else if (!list.isArray() || list.isEmpty()) {
            problems.add(new ConfigProblem(name, "questions", "must be a non-empty array of questions"));
        } else {
            if (list.size() > MAX_QUESTIONS) {
                problems.add(new ConfigProblem(name, "questions", "has " + list.size() + " questions; a survey may "
                        + "ask at most " + MAX_QUESTIONS + " (each adds to the completion event and the closing SMS "
                        + "summary)"));
            }
            List<Integer> positions = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                int position = i;
                readQuestion(list.get(i), "questions[" + i + "]", name, names, problems).ifPresent(question -> {
                    questions.add(question);
                    positions.add(position);
                });
            }
            declared = declaredNames(list);
            // Checked even when a question was refused, so that every problem is reported at once.
            SkipLogicLint.check(questions, positions, questions.size() == list.size(), declared, name, problems);
        }
        boolean listed = list != null && list.isArray() && !list.isEmpty();
        return new SurveySettings(surveyId, defaultLanguage, maxRetries, timeout, listed ? List.copyOf(questions) : null,
                java.util.Collections.unmodifiableSet(declared), contactHours(root.get("contactHours"), name, problems),
                fallback(root.get("fallback"), name, problems), minSpeechConfidence);
    }

    /** {@code "fallback": {"smsWhenCallUnanswered": true, "smsAfterDroppedCall": true}}, or null when not set. */
    private static SurveyFallback fallback(JsonNode node, String file, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            problems.add(new ConfigProblem(file, "fallback", "must be {\"smsWhenCallUnanswered\": true, "
                    + "\"smsAfterDroppedCall\": true}"));
            return null;
        }
        unknownKeys(node, FALLBACK_KEYS, file, "fallback.", problems);
        for (String key : FALLBACK_KEYS) {
            if (node.has(key) && !node.get(key).isBoolean()) {
                problems.add(new ConfigProblem(file, "fallback." + key, "must be true or false"));
            }
        }
        return new SurveyFallback(node.path("smsWhenCallUnanswered").asBoolean(false),
                node.path("smsAfterDroppedCall").asBoolean(false));
    }

    /** {@code "contactHours": {"days": "MON-SAT", "hours": "09:00-20:00"}}, or null when the survey sets none. */
    private static ContactHours contactHours(JsonNode node, String file, List<ConfigProblem> problems) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject() || !node.path("days").isTextual() || !node.path("hours").isTextual()) {
            // Which key is missing, or not text, is said: "must be {...}" alone left the author to compare (a survey
            // author's probe, 2026-12-07).
            String which = !node.isObject() ? "" : java.util.stream.Stream.of("days", "hours")
                    .filter(key -> !node.path(key).isTextual()).map(key -> node.path(key).isMissingNode()
                            ? key + " is missing" : key + " must be text in quotes")
                    .collect(java.util.stream.Collectors.joining(" and ", " (", ")"));
            problems.add(new ConfigProblem(file, "contactHours", "must be {\"days\": \"MON-FRI\", \"hours\": "
                    + "\"09:00-20:00\"}" + which));
            return null;
        }
        unknownKeys(node, CONTACT_HOURS_KEYS, file, "contactHours.", problems);
        try {
            return ContactHours.parse(node.get("days").asText(), node.get("hours").asText());
        } catch (IllegalArgumentException e) {
            // Each part's problem, checked beside a part that holds: both are said at once (until 2026-12-07 only
            // the days' were, and the hours' came at the next upload: a survey author's probe).
            for (String[] part : new String[][] {{node.get("days").asText(), "00:00-23:59"},
                    {"MON", node.get("hours").asText()}}) {
                try {
                    ContactHours.parse(part[0], part[1]);
                } catch (IllegalArgumentException wrong) {
                    problems.add(new ConfigProblem(file, "contactHours", wrong.getMessage()));
                }
            }
            return null;
        }
    }

    /**
     * {@code "; did you mean yesNo?"} for a type one letter or a case from a question type's name ({@code yesno},
     * {@code txt}, {@code rating }); nothing else: "voice" is two letters from "choice", and meant "speech".
     */
    private static String typeMeant(String typed) {
        org.apache.commons.text.similarity.LevenshteinDistance oneEdit =
                new org.apache.commons.text.similarity.LevenshteinDistance(1);
        List<String> near = java.util.Arrays.stream(QuestionType.configNames().split(", "))
                .filter(name -> oneEdit.apply(typed.strip().toLowerCase(Locale.ROOT), name.toLowerCase(Locale.ROOT))
                        >= 0).toList();
        return near.size() == 1 ? "; did you mean " + near.get(0) + "?" : "";
    }

    /** Every {@code questionName} the questions array gives as a string, whether or not its question is valid. */
    private static Set<String> declaredNames(JsonNode list) {
        Set<String> declared = new LinkedHashSet<>();
        list.forEach(node -> {
            if (node.path("questionName").isTextual()) {
                declared.add(node.get("questionName").asText());
            }
        });
        return declared;
    }

    private Optional<Question> readQuestion(
            JsonNode node, String path, String file, Set<String> names, List<ConfigProblem> problems) {
        if (!node.isObject()) {
            problems.add(new ConfigProblem(file, path, "expected an object with questionName and questionType"));
            return Optional.empty();
        }
        int before = problems.size();
        unknownKeys(node, QUESTION_KEYS, file, path + ".", problems);
        String questionName = optionalText(node, "questionName", file, path + ".", problems).orElse(null);
        if (questionName == null) {
            problems.add(new ConfigProblem(file, path + ".questionName", "is missing"));
        } else if (!QUESTION_NAME.matcher(questionName).matches()) {
            problems.add(new ConfigProblem(file, path + ".questionName", "\"" + questionName
                    + "\" must start with an ASCII letter (a-z, A-Z) and hold only ASCII letters, digits 0-9 and _, "
                    + "at most " + MAX_QUESTION_NAME + " characters (it is a prompt key)"));
        } else if (LanguageFileReader.isReservedKey(questionName)) {
            problems.add(new ConfigProblem(file, path + ".questionName", "\"" + questionName
                    + "\" is a standard prompt key; choose another name"));
        } else if (Question.Branch.END.equals(questionName)) {
            // A goTo "end" ends the survey, so a question of that name could never be asked.
            problems.add(new ConfigProblem(file, path + ".questionName", "\"end\" is what goTo names to end the "
                    + "survey; choose another name"));
        } else if (!names.add(questionName)) {
            problems.add(new ConfigProblem(file, path + ".questionName", "\"" + questionName + "\" is used twice"));
        }
        String typeName = optionalText(node, "questionType", file, path + ".", problems).orElse(null);
        QuestionType type = null;
        if (typeName == null) {
            problems.add(new ConfigProblem(file, path + ".questionType", "is missing (" + QuestionType.configNames()
                    + ")"));
        } else {
            type = QuestionType.ofConfigName(typeName).orElse(null);
            if (type == null) {
                problems.add(new ConfigProblem(file, path + ".questionType", "unknown question type \"" + typeName
                        + "\" (expected " + QuestionType.configNames() + ")" + typeMeant(typeName)));
            }
        }
        int lowest = type == QuestionType.NUMBER ? -MAX_RANGE : 0;
        Integer min = optionalInt(node, "min", lowest, MAX_RANGE, file, path + ".", problems).orElse(null);
        Integer max = optionalInt(node, "max", lowest, MAX_RANGE, file, path + ".", problems).orElse(null);
        boolean ranged = type == QuestionType.DTMF || type == QuestionType.RATING || type == QuestionType.NUMBER;
        // Whether each was written, valid or not: a max out of range is that problem, not a missing max.
        boolean minGiven = node.hasNonNull("min");
        boolean maxGiven = node.hasNonNull("max");
        if ((minGiven || maxGiven) && type != null && !ranged) {
            problems.add(new ConfigProblem(file, path, "min and max apply to dtmf, rating and number questions only"
                    + (type == QuestionType.NPS ? " (nps is always 0 to 10)" : "")));
        } else if (minGiven != maxGiven) {
            problems.add(new ConfigProblem(file, path, "give both min and max, or neither"));
        } else if (min != null && max != null && min > max) {
            problems.add(new ConfigProblem(file, path, "min " + min + " is greater than max " + max));
        } else if (min != null && min.equals(max)) {
            // "a whole number from 3 to 3": taken until 2026-12-06 (a survey author's probe).
            problems.add(new ConfigProblem(file, path, "min and max are both " + min + ": a question with one "
                    + "possible answer asks nothing; widen the range"));
        }
        boolean decimals = false;
        if (node.has("decimals")) {
            if (!node.get("decimals").isBoolean()) {
                problems.add(new ConfigProblem(file, path + ".decimals", "must be true or false"));
            } else if (type != QuestionType.NUMBER) {
                problems.add(new ConfigProblem(file, path + ".decimals", "applies to number questions only"));
            } else {
                decimals = node.get("decimals").asBoolean();
            }
        }
        List<Question.ChoiceOption> options = QuestionParts.options(node.get("options"), type, file, path, problems);
        List<Question.Branch> next = QuestionParts.branches(node.get("next"), file, path, problems);
        if (problems.size() > before) {
            return Optional.empty();
        }
        return Optional.of(new Question(questionName, type, min, max, decimals, options, next));
    }

    static void unknownKeys(
            JsonNode node, Set<String> known, String file, String prefix, List<ConfigProblem> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                problems.add(new ConfigProblem(file, prefix + key, "unknown key (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")"
                        + DidYouMean.hint(key, known)));
            }
        }
    }

    private static Optional<String> optionalText(
            JsonNode node, String key, String file, String prefix, List<ConfigProblem> problems) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isTextual() || value.asText().isBlank()) {
            problems.add(new ConfigProblem(file, prefix + key, "must be a non-empty string"));
            return Optional.empty();
        }
        return Optional.of(value.asText().strip());
    }

    private static Optional<Integer> optionalInt(
            JsonNode node, String key, int low, int high, String file, String prefix, List<ConfigProblem> problems) {
        JsonNode value = node.get(key);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong() || value.asLong() < low || value.asLong() > high) {
            // A number in quotes ("2") is text to JSON: said so, as "must be a whole number" seemed met (a survey
            // author's probe, 2026-12-07).
            String quoted = value.isTextual() && value.asText().strip().matches("-?[0-9]+")
                    ? ", not the text " + value + ": write it without quotes" : "";
            problems.add(new ConfigProblem(file, prefix + key, "must be a whole number from " + low + " to " + high
                    + quoted));
            return Optional.empty();
        }
        return Optional.of(value.asInt());
    }

    /**
     * The survey's default language: the one it names, which must have its file (a file refused for its name is
     * reported for that alone), else {@code en-US} when it has a file, else the first language by tag.
     */
    private static String defaultLanguage(SurveySettings settings, Map<String, ConfigFile> promptFiles,
            Set<String> refusedNames, List<ConfigProblem> problems) {
        if (settings.defaultLanguage() != null) {
            if (!promptFiles.containsKey(settings.defaultLanguage())
                    && !refusedNames.contains(settings.defaultLanguage())) {
                // "en-us" beside survey-en-US.env was told only that no survey-en-us.env exists, as if the file were
                // missing (a survey author's probe, 2026-12-06): the tag written as the file names it is suggested.
                // A bare "en" beside survey-en-US.env is named the same way (a newcomer's probe, 2026-12-07: it read
                // as if the file were missing, and starts take "en" for the survey's en-US).
                String written = settings.defaultLanguage().replace('_', '-');
                String asFiled = promptFiles.keySet().stream().sorted()
                        .filter(tag -> tag.equalsIgnoreCase(written)).findFirst()
                        .or(() -> promptFiles.keySet().stream().sorted()
                                .filter(tag -> tag.toLowerCase(Locale.ROOT).startsWith(written.toLowerCase(Locale.ROOT)
                                        + "-")).findFirst())
                        .map(tag -> "; write \"" + tag + "\", as " + PROMPTS_FOLDER + "survey-" + tag
                                + ".env names it").orElse("");
                problems.add(new ConfigProblem(SURVEY_CONFIG, "defaultLanguage", "\"" + settings.defaultLanguage()
                        + "\" has no " + PROMPTS_FOLDER + "survey-" + settings.defaultLanguage() + ".env" + asFiled));
            }
            return settings.defaultLanguage();
        }
        if (promptFiles.containsKey(PREFERRED_DEFAULT_LANGUAGE) || promptFiles.isEmpty()) {
            return PREFERRED_DEFAULT_LANGUAGE;
        }
        return promptFiles.keySet().iterator().next();
    }

    // ---- across files ----

    /** For each language, the offers of every other language, checked for missing offers and clashes. */
    private static Map<String, List<LanguageOffer>> offers(
            Map<String, ConfigFile> promptFiles, Map<String, LanguageFile> languages, List<ConfigProblem> problems) {
        Map<String, List<LanguageOffer>> offers = new LinkedHashMap<>();
        Set<String> unofferable = new LinkedHashSet<>();
        for (LanguageFile from : languages.values()) {
            String fromTag = from.language().tag();
            LanguageOffer legacy = from.legacyOffer();
            if (legacy != null && !promptFiles.containsKey(legacy.language())) {
                problems.add(new ConfigProblem(from.file(), "languageOptionLanguage", "offers " + legacy.language()
                        + ", which has no " + PROMPTS_FOLDER + "survey-" + legacy.language() + ".env"));
            }
            List<LanguageOffer> list = new ArrayList<>();
            for (LanguageFile to : languages.values()) {
                String toTag = to.language().tag();
                if (toTag.equals(fromTag)) {
                    continue;
                }
                if (legacy != null && legacy.language().equals(toTag)) {
                    list.add(legacy);
                } else if (to.selfOffer() != null) {
                    list.add(to.selfOffer());
                } else {
                    unofferable.add(toTag);
                }
            }
            list.sort(Comparator.comparing(LanguageOffer::digit));
            clashes(from, list, languages, problems);
            offers.put(fromTag, List.copyOf(list));
        }
        for (String tag : unofferable) {
            problems.add(new ConfigProblem(languages.get(tag).file(), "languageOffer", tag + " cannot be offered "
                    + "to respondents of the other languages: add "
                    + String.join(", ", LanguageFileReader.SELF_OFFER_KEYS)));
        }
        return offers;
    }

    /**
     * The keys and replies of the offers made to {@code from}'s respondents that would choose two languages. A key is
     * reported against the file that gives it to the second language (that language's own file, or {@code from}'s
     * for an offer written there the old way), naming the file that gives it to the first: until 2026-12-07 it was
     * reported against {@code from}'s file, which may give neither (an author's probe: "survey-en-US.env: key 2"
     * where the English file's key is 1).
     */
    private static void clashes(LanguageFile from, List<LanguageOffer> offers, Map<String, LanguageFile> languages,
            List<ConfigProblem> problems) {
        Map<String, String> digits = new HashMap<>();
        Map<String, String> words = new HashMap<>();
        Map<String, String> wordFiles = new HashMap<>();
        from.language().continueWords().forEach(word -> {
            words.put(word, from.language().tag());
            wordFiles.put(word, from.file());
        });
        // The language's own replies name it for its own respondents too: one that also names an offered language
        // left them at the offer, asked again (until 2026-12-06 the lint passed it).
        if (from.selfOffer() != null) {
            from.selfOffer().words().forEach(word -> {
                words.putIfAbsent(word, from.language().tag());
                wordFiles.putIfAbsent(word, offerFile(from, from.selfOffer(), languages));
            });
        }
        Map<String, LanguageOffer> byDigit = new HashMap<>();
        for (LanguageOffer offer : offers) {
            String other = digits.putIfAbsent(offer.digit(), offer.language());
            LanguageOffer first = byDigit.putIfAbsent(offer.digit(), offer);
            if (other != null) {
                ConfigProblem clash = new ConfigProblem(offerFile(from, offer, languages), "languageDigit", "key "
                        + offer.digit() + " would choose both " + other + " and " + offer.language() + " ("
                        + offerFile(from, first, languages) + " gives it to " + other + ")");
                if (!problems.contains(clash)) {
                    problems.add(clash);
                }
            }
            for (String word : offer.words()) {
                String owner = words.putIfAbsent(word, offer.language());
                wordFiles.putIfAbsent(word, offerFile(from, offer, languages));
                if (owner != null && !owner.equals(offer.language())) {
                    // Reported against the file giving the reply to the second language, naming the first's, as a
                    // key is: until 2026-12-07 against from's file, which may hold neither (an author's probe).
                    ConfigProblem clash = new ConfigProblem(offerFile(from, offer, languages), "languageReplies",
                            "reply \"" + word + "\" would choose both " + owner + " and " + offer.language() + " ("
                                    + wordFiles.get(word) + " gives it to " + owner + ")");
                    if (!problems.contains(clash)) {
                        problems.add(clash);
                    }
                }
            }
        }
    }

    /** The file an offer is written in: its language's own, or {@code from}'s for one written there the old way. */
    private static String offerFile(LanguageFile from, LanguageOffer offer, Map<String, LanguageFile> languages) {
        LanguageFile own = languages.get(offer.language());
        return own != null && offer.equals(own.selfOffer()) ? own.file() : from.file();
    }
}
