package com.surveyrelay.survey;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.MessageDigest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
    static final int DEFAULT_GATHER_TIMEOUT_SECONDS = 5;
    static final String LEGACY_DIGIT = "9";
    static final int VERSION_HEX_DIGITS = 16;

    private static final Pattern PROMPT_FILE = Pattern.compile("voice-prompts/survey-(.*)\\.env");
    private static final Pattern LANGUAGE_TAG =
            Pattern.compile("[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?");
    private static final Pattern SURVEY_ID = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
    private static final Pattern QUESTION_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_]{0,63}");
    private static final int MAX_RANGE = 99_999;

    private static final String LANGUAGE = "language";
    /** Every shipped language's consent words: a language reply must mean none of them, in any language. */
    private static final ConsentWords DEFAULT_CONSENT =
            ConsentWords.defaults("es").plus(ConsentWords.defaults("fr"));
    private static final String VOICE = "voice";
    private static final List<String> SELF_OFFER_KEYS =
            List.of("languageName", "languageReplies", "languageDigit", "languageOffer", "languageOfferSMS");
    private static final List<String> LEGACY_OFFER_KEYS = List.of("languageOption", "languageOptionSMS",
            "languageOptionLanguageName", "languageOptionVoice", "languageOptionLanguage",
            "languageOptionLanguageReply");
    private static final Set<String> SURVEY_KEYS =
            Set.of("surveyId", "defaultLanguage", "maxRetries", "gatherTimeoutSeconds", "questions", "contactHours",
                    "fallback", "minSpeechConfidence");
    private static final Set<String> FALLBACK_KEYS = Set.of("smsWhenCallUnanswered", "smsAfterDroppedCall");
    private static final Set<String> CONTACT_HOURS_KEYS = Set.of("days", "hours");
    private static final Set<String> QUESTION_KEYS =
            Set.of("questionName", "questionType", "min", "max", "decimals", "options", "next");
    /** The words a language file may add to the built-in yes and no ({@link NaturalAnswers}). */
    static final List<String> YES_NO_KEYS = List.of("yesWords", "noWords");
    static final double DEFAULT_MIN_SPEECH_CONFIDENCE = 0.4;

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The form of a language tag in a prompt file's name, and wherever a request names a language. */
    public static boolean isLanguageTag(String text) {
        return text != null && LANGUAGE_TAG.matcher(text).matches();
    }

    /** The form of a survey id: it names S3 folders, so nothing else passes for one. */
    public static boolean isSurveyId(String text) {
        return text != null && SURVEY_ID.matcher(text).matches();
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

    public Survey load(List<ConfigFile> files) {
        List<ConfigProblem> problems = new ArrayList<>();
        ConfigFile surveyFile = null;
        Map<String, ConfigFile> promptFiles = new TreeMap<>();
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
                problems.add(new ConfigProblem(file.name(), "", "unknown language file name: \"" + promptFile.group(1)
                        + "\" is not a language tag like en-US (expected " + PROMPTS_FOLDER + "survey-<language>.env)"));
            } else if (TwilioVocabulary.spoken(promptFile.group(1)).isEmpty()) {
                problems.add(new ConfigProblem(file.name(), "", "unknown language file name: Twilio cannot speak "
                        + promptFile.group(1)));
            } else {
                promptFiles.put(promptFile.group(1), file);
            }
        }
        SurveySettings settings = surveyFile == null ? null : readSurvey(surveyFile, problems);
        if (surveyFile == null) {
            problems.add(new ConfigProblem(SURVEY_CONFIG, "", "file is missing"));
        }
        if (promptFiles.isEmpty()) {
            problems.add(new ConfigProblem(PROMPTS_FOLDER, "", "no language file: add at least one "
                    + PROMPTS_FOLDER + "survey-<language>.env"));
        }
        List<Question> questions = settings == null ? null : settings.questions();
        Set<String> questionNames = settings == null ? null : settings.questionNames();
        boolean needsRecognition = promptFiles.size() > 1 || questions == null
                || questions.stream().anyMatch(question -> question.type() != QuestionType.DTMF);
        Map<String, LanguageFile> languages = new LinkedHashMap<>();
        promptFiles.forEach((tag, file) -> readLanguage(file, tag, questions, questionNames, needsRecognition, problems)
                .ifPresent(language -> languages.put(tag, language)));
        Map<String, List<LanguageOffer>> offers = offers(promptFiles, languages, problems);
        String defaultLanguage = settings == null ? null : defaultLanguage(settings, promptFiles, problems);

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
     * @param questionNames every question name the file declares, including those of questions with other
     *     problems, so that their prompts are not reported as unknown keys as well
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
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
            problems.add(new ConfigProblem(name, "", "not valid JSON" + where + ": " + e.getOriginalMessage()));
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
            problems.add(new ConfigProblem(name, "surveyId", "\"" + surveyId
                    + "\" must be lower-case letters, digits and dashes, at most 63 characters"));
        }
        String defaultLanguage = optionalText(root, "defaultLanguage", name, "", problems).orElse(null);
        int maxRetries = optionalInt(root, "maxRetries", 0, 5, name, "", problems).orElse(DEFAULT_MAX_RETRIES);
        int timeout = optionalInt(root, "gatherTimeoutSeconds", 1, 60, name, "", problems)
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
        if (list == null) {
            problems.add(new ConfigProblem(name, "questions", "is missing: a survey needs at least one question"));
        } else if (!list.isArray() || list.isEmpty()) {
            problems.add(new ConfigProblem(name, "questions", "must be a non-empty array of questions"));
        } else {
            int before = problems.size();
            for (int i = 0; i < list.size(); i++) {
                readQuestion(list.get(i), "questions[" + i + "]", name, names, problems).ifPresent(questions::add);
            }
            if (problems.size() == before) {
                SkipLogicLint.check(questions, name, problems);
            }
        }
        return new SurveySettings(surveyId, defaultLanguage, maxRetries, timeout, List.copyOf(questions),
                Set.copyOf(names), contactHours(root.get("contactHours"), name, problems),
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
            problems.add(new ConfigProblem(file, "contactHours", "must be {\"days\": \"MON-FRI\", \"hours\": "
                    + "\"09:00-20:00\"}"));
            return null;
        }
        unknownKeys(node, CONTACT_HOURS_KEYS, file, "contactHours.", problems);
        try {
            return ContactHours.parse(node.get("days").asText(), node.get("hours").asText());
        } catch (IllegalArgumentException e) {
            problems.add(new ConfigProblem(file, "contactHours", e.getMessage()));
            return null;
        }
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
                    + "\" must start with a letter and hold only letters, digits and _ (it is a prompt key)"));
        } else if (isReservedKey(questionName)) {
            problems.add(new ConfigProblem(file, path + ".questionName", "\"" + questionName
                    + "\" is a standard prompt key; choose another name"));
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
                        + "\" (expected " + QuestionType.configNames() + ")"));
            }
        }
        int lowest = type == QuestionType.NUMBER ? -MAX_RANGE : 0;
        Integer min = optionalInt(node, "min", lowest, MAX_RANGE, file, path + ".", problems).orElse(null);
        Integer max = optionalInt(node, "max", lowest, MAX_RANGE, file, path + ".", problems).orElse(null);
        boolean ranged = type == QuestionType.DTMF || type == QuestionType.RATING || type == QuestionType.NUMBER;
        if ((min != null || max != null) && type != null && !ranged) {
            problems.add(new ConfigProblem(file, path, "min and max apply to dtmf, rating and number questions only"
                    + (type == QuestionType.NPS ? " (nps is always 0 to 10)" : "")));
        } else if ((min == null) != (max == null)) {
            problems.add(new ConfigProblem(file, path, "give both min and max, or neither"));
        } else if (min != null && min > max) {
            problems.add(new ConfigProblem(file, path, "min " + min + " is greater than max " + max));
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

    private static boolean isReservedKey(String key) {
        return key.equals(LANGUAGE) || key.equals(VOICE) || SELF_OFFER_KEYS.contains(key) || YES_NO_KEYS.contains(key)
                || LEGACY_OFFER_KEYS.contains(key) || ConsentWords.KEYS.contains(key)
                || Arrays.stream(Prompt.values()).anyMatch(prompt -> prompt.key().equals(key));
    }

    static void unknownKeys(
            JsonNode node, Set<String> known, String file, String prefix, List<ConfigProblem> problems) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
            String key = names.next();
            if (!known.contains(key)) {
                problems.add(new ConfigProblem(file, prefix + key, "unknown key (known: "
                        + known.stream().sorted().collect(Collectors.joining(", ")) + ")"));
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
            problems.add(new ConfigProblem(file, prefix + key, "must be a whole number from " + low + " to " + high));
            return Optional.empty();
        }
        return Optional.of(value.asInt());
    }

    private static String defaultLanguage(
            SurveySettings settings, Map<String, ConfigFile> promptFiles, List<ConfigProblem> problems) {
        if (settings.defaultLanguage() != null) {
            if (!promptFiles.containsKey(settings.defaultLanguage())) {
                problems.add(new ConfigProblem(SURVEY_CONFIG, "defaultLanguage", "\"" + settings.defaultLanguage()
                        + "\" has no " + PROMPTS_FOLDER + "survey-" + settings.defaultLanguage() + ".env"));
            }
            return settings.defaultLanguage();
        }
        if (promptFiles.containsKey(PREFERRED_DEFAULT_LANGUAGE) || promptFiles.isEmpty()) {
            return PREFERRED_DEFAULT_LANGUAGE;
        }
        return promptFiles.keySet().iterator().next();
    }

    // ---- voice-prompts/survey-<tag>.env ----

    /** A parsed language file: the language, how it offers itself, and a legacy offer of another language. */
    private record LanguageFile(
            String file, SurveyLanguage language, LanguageOffer selfOffer, LanguageOffer legacyOffer) {
    }

    private Optional<LanguageFile> readLanguage(
            ConfigFile file, String tag, List<Question> questions, Set<String> declaredQuestions,
            boolean needsRecognition, List<ConfigProblem> problems) {
        String name = file.name();
        Optional<Map<String, String>> parsed = EnvFormat.parse(name, file.content(), problems);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> values = parsed.get();
        int before = problems.size();

        String declared = values.get(LANGUAGE);
        if (declared == null || declared.isBlank()) {
            problems.add(new ConfigProblem(name, LANGUAGE, "is missing (expected " + tag + ")"));
        } else if (!declared.equals(tag)) {
            problems.add(new ConfigProblem(name, LANGUAGE, "is " + declared + " but the file name says " + tag));
        }
        Say.Voice voice = requiredVoice(values, VOICE, name, problems);
        Say.Language spoken = TwilioVocabulary.spoken(tag).orElseThrow();
        Gather.Language recognised = TwilioVocabulary.recognised(tag).orElse(null);
        if (recognised == null && needsRecognition) {
            problems.add(new ConfigProblem(name, LANGUAGE, "Twilio cannot recognise speech in " + tag
                    + ", which speech questions and language offers need"));
        }
        for (Prompt prompt : Prompt.values()) {
            String text = values.get(prompt.key());
            if (prompt.required() && (text == null || text.isBlank())) {
                problems.add(new ConfigProblem(name, prompt.key(), "missing standard prompt"));
            } else if (text != null && text.isBlank()) {
                problems.add(new ConfigProblem(name, prompt.key(), "is empty"));
            }
        }
        // A prompt is texted whole (with others where they fit): one longer than a text can hold never arrives.
        values.forEach((key, text) -> {
            if (text != null && text.length() > SmsTexts.MAX_CHARACTERS) {
                problems.add(new ConfigProblem(name, key, "is " + text.length() + " characters: a text can hold at "
                        + "most " + SmsTexts.MAX_CHARACTERS + " (Twilio error 21617)"));
            }
            // A NUL, bell or escape in a prompt would be texted as it is, and cannot be put in TwiML at all.
            if (text != null && !TwimlText.xmlSafe(text).equals(text)) {
                problems.add(new ConfigProblem(name, key, "holds a control character (or a non-character such as "
                        + "U+FFFE) that a text or a call cannot carry"));
            }
        });
        if (questions != null) {
            for (Question question : questions) {
                String text = values.get(question.name());
                if (text == null || text.isBlank()) {
                    problems.add(new ConfigProblem(name, question.name(), "missing prompt for question "
                            + question.name()));
                }
            }
            for (Question question : questions) {
                for (Question.ChoiceOption option : question.options()) {
                    String key = question.name() + "." + option.value();
                    if (values.get(key) == null || words(values.get(key)).isEmpty()) {
                        problems.add(new ConfigProblem(name, key, "missing: the words that name option "
                                + option.value() + " of " + question.name() + " in " + tag + ", the first as shown"));
                    }
                }
            }
            Set<String> optionKeys = new LinkedHashSet<>();
            questions.forEach(question -> question.options().forEach(option ->
                    optionKeys.add(question.name() + "." + option.value())));
            Set<String> loaded = new LinkedHashSet<>();
            questions.forEach(question -> loaded.add(question.name()));
            for (String key : values.keySet()) {
                // The option words of a question refused for another reason are not reported as unknown too.
                String owner = key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
                boolean ofRefusedQuestion = declaredQuestions.contains(owner) && !loaded.contains(owner);
                if (!isReservedKey(key) && !declaredQuestions.contains(key) && !optionKeys.contains(key)
                        && !ofRefusedQuestion) {
                    problems.add(new ConfigProblem(name, key, "unknown key: not a standard prompt, a language "
                            + "setting or a question of " + SURVEY_CONFIG));
                }
            }
        }
        ConsentWords consent = consentWords(values, tag, name, problems);
        List<String> yesWords = words(values.get("yesWords"));
        List<String> noWords = words(values.get("noWords"));
        keywordClash(yesWords, name, "yesWords", problems);
        keywordClash(noWords, name, "noWords", problems);
        yesWords.stream().filter(noWords::contains).forEach(word -> problems.add(new ConfigProblem(name, "noWords",
                "\"" + word + "\" is in yesWords too")));
        Map<String, List<String>> optionLabels = questions == null ? Map.of()
                : optionLabels(questions, values, name, problems);
        List<String> continueWords = words(values.get(Prompt.WELCOME_CONTINUE.key()));
        keywordClash(continueWords, name, Prompt.WELCOME_CONTINUE.key(), problems);
        LanguageOffer selfOffer = selfOffer(values, tag, voice, spoken, name, problems);
        LanguageOffer legacyOffer = legacyOffer(values, name, problems);

        if (problems.size() > before) {
            return Optional.empty();
        }
        Map<String, String> texts = new HashMap<>();
        for (Prompt prompt : Prompt.values()) {
            Optional.ofNullable(values.get(prompt.key())).ifPresent(text -> texts.put(prompt.key(), text));
        }
        if (questions != null) {
            questions.forEach(question -> texts.put(question.name(), values.get(question.name())));
        }
        SurveyLanguage language = new SurveyLanguage(tag, voice, spoken, recognised, Map.copyOf(texts),
                continueWords, consent, yesWords, noWords, optionLabels);
        return Optional.of(new LanguageFile(name, language, selfOffer, legacyOffer));
    }

    /**
     * Each choice option's words in this language ({@code questionChannel.web=website, online}), checked: no word
     * names two options of one question, and none is an opt-out, opt-in or help word.
     */
    private static Map<String, List<String>> optionLabels(
            List<Question> questions, Map<String, String> values, String file, List<ConfigProblem> problems) {
        Map<String, List<String>> labels = new HashMap<>();
        for (Question question : questions) {
            Map<String, String> owners = new HashMap<>();
            for (Question.ChoiceOption option : question.options()) {
                String key = question.name() + "." + option.value();
                List<String> shown = Arrays.stream(values.getOrDefault(key, "").split(","))
                        .map(String::strip).filter(word -> !word.isEmpty()).toList();
                if (shown.isEmpty()) {
                    continue;
                }
                keywordClash(words(values.get(key)), file, key, problems);
                for (String word : words(values.get(key))) {
                    String owner = owners.putIfAbsent(word, option.value());
                    if (owner != null && !owner.equals(option.value())) {
                        problems.add(new ConfigProblem(file, key, "\"" + word + "\" names both " + owner + " and "
                                + option.value() + " of " + question.name()));
                    }
                }
                labels.put(key, shown);
            }
        }
        return Map.copyOf(labels);
    }

    /** The language's defaults plus the words its file adds ({@link ConsentWords#KEYS}). */
    private static ConsentWords consentWords(
            Map<String, String> values, String tag, String file, List<ConfigProblem> problems) {
        ConsentWords consent = ConsentWords.defaults(tag);
        for (String key : ConsentWords.KEYS) {
            String list = values.get(key);
            if (list == null) {
                continue;
            }
            try {
                String[] lists = new String[ConsentWords.KEYS.size()];
                lists[ConsentWords.KEYS.indexOf(key)] = list;
                consent = consent.plus(ConsentWords.of(lists[0], lists[1], lists[2], lists[3], lists[4]));
            } catch (IllegalArgumentException e) {
                problems.add(new ConfigProblem(file, key, e.getMessage()));
            }
        }
        return consent;
    }

    private static LanguageOffer selfOffer(
            Map<String, String> values, String tag, Say.Voice voice, Say.Language spoken, String file,
            List<ConfigProblem> problems) {
        if (SELF_OFFER_KEYS.stream().noneMatch(values::containsKey)) {
            return null;
        }
        if (!allPresent(values, SELF_OFFER_KEYS, file, problems)) {
            return null;
        }
        String digit = values.get("languageDigit");
        if (!digit.matches("[1-9]")) {
            problems.add(new ConfigProblem(file, "languageDigit", "must be one key from 1 to 9, not \"" + digit
                    + "\""));
            return null;
        }
        String offer = values.get("languageOffer");
        if (!offer.contains(digit)) {
            problems.add(new ConfigProblem(file, "languageOffer", "does not mention its key " + digit));
        }
        List<String> words = new ArrayList<>(words(values.get("languageReplies")));
        String spokenName = Replies.normalise(values.get("languageName"));
        if (!words.contains(spokenName)) {
            words.add(0, spokenName);
        }
        keywordClash(words, file, "languageReplies", problems);
        return new LanguageOffer(tag, values.get("languageName"), voice, spoken, digit, offer,
                values.get("languageOfferSMS"), List.copyOf(words));
    }

    private static LanguageOffer legacyOffer(Map<String, String> values, String file, List<ConfigProblem> problems) {
        if (LEGACY_OFFER_KEYS.stream().noneMatch(values::containsKey)) {
            return null;
        }
        if (!allPresent(values, LEGACY_OFFER_KEYS, file, problems)) {
            return null;
        }
        String target = values.get("languageOptionLanguage");
        Say.Voice voice = requiredVoice(values, "languageOptionVoice", file, problems);
        Optional<Say.Language> spoken = TwilioVocabulary.spoken(target);
        if (spoken.isEmpty()) {
            problems.add(new ConfigProblem(file, "languageOptionLanguage", "Twilio cannot speak " + target));
            return null;
        }
        String name = values.get("languageOptionLanguageName");
        List<String> words = new ArrayList<>(words(values.get("languageOptionLanguageReply")));
        if (!words.contains(Replies.normalise(name))) {
            words.add(0, Replies.normalise(name));
        }
        keywordClash(words, file, "languageOptionLanguageReply", problems);
        return new LanguageOffer(target, name, voice, spoken.get(), LEGACY_DIGIT,
                values.get("languageOption").strip() + " " + name, values.get("languageOptionSMS"),
                List.copyOf(words));
    }

    private static Say.Voice requiredVoice(
            Map<String, String> values, String key, String file, List<ConfigProblem> problems) {
        String name = values.get(key);
        if (name == null || name.isBlank()) {
            problems.add(new ConfigProblem(file, key, "is missing: every language needs a Twilio voice"));
            return null;
        }
        Optional<Say.Voice> voice = TwilioVocabulary.voice(name);
        if (voice.isEmpty()) {
            problems.add(new ConfigProblem(file, key, "\"" + name + "\" is not a Twilio voice (e.g. Polly.Joanna)"));
        }
        return voice.orElse(null);
    }

    private static boolean allPresent(
            Map<String, String> values, List<String> keys, String file, List<ConfigProblem> problems) {
        boolean complete = true;
        for (String key : keys) {
            String value = values.get(key);
            if (value == null || value.isBlank()) {
                problems.add(new ConfigProblem(file, key, "is missing; a language offer needs all of "
                        + String.join(", ", keys)));
                complete = false;
            }
        }
        return complete;
    }

    private static List<String> words(String commaSeparated) {
        if (commaSeparated == null) {
            return List.of();
        }
        return Arrays.stream(commaSeparated.split(","))
                .map(Replies::normalise).filter(word -> !word.isEmpty()).distinct().toList();
    }

    private static void keywordClash(List<String> words, String file, String key, List<ConfigProblem> problems) {
        for (String word : words) {
            if (Replies.isTwilioKeyword(word)) {
                problems.add(new ConfigProblem(file, key, "\"" + word
                        + "\" is a Twilio opt-out, opt-in or help keyword; Twilio acts on it before the survey"));
            } else if (DEFAULT_CONSENT.classify(word) != ConsentWords.Intent.NONE) {
                problems.add(new ConfigProblem(file, key, "\"" + word
                        + "\" is an opt-out, opt-in or help word (ConsentWords), which the survey never takes as "
                        + "a reply"));
            }
        }
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
            clashes(from, list, problems);
            offers.put(fromTag, List.copyOf(list));
        }
        for (String tag : unofferable) {
            problems.add(new ConfigProblem(languages.get(tag).file(), "languageOffer", tag + " cannot be offered "
                    + "to respondents of the other languages: add " + String.join(", ", SELF_OFFER_KEYS)));
        }
        return offers;
    }

    private static void clashes(LanguageFile from, List<LanguageOffer> offers, List<ConfigProblem> problems) {
        Map<String, String> digits = new HashMap<>();
        Map<String, String> words = new HashMap<>();
        from.language().continueWords().forEach(word -> words.put(word, from.language().tag()));
        for (LanguageOffer offer : offers) {
            String other = digits.putIfAbsent(offer.digit(), offer.language());
            if (other != null) {
                problems.add(new ConfigProblem(from.file(), "languageDigit", "key " + offer.digit()
                        + " would choose both " + other + " and " + offer.language()));
            }
            for (String word : offer.words()) {
                String owner = words.putIfAbsent(word, offer.language());
                if (owner != null && !owner.equals(offer.language())) {
                    problems.add(new ConfigProblem(from.file(), "languageReplies", "reply \"" + word
                            + "\" would choose both " + owner + " and " + offer.language()));
                }
            }
        }
    }
}
