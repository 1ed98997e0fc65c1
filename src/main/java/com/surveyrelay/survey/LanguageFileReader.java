package com.surveyrelay.survey;

import com.twilio.twiml.voice.Gather;
import com.twilio.twiml.voice.Say;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads and lints one language's file, {@code voice-prompts/survey-<tag>.env}, for {@link SurveyConfigLoader}: its
 * declared language and Twilio voice, the standard prompts ({@link Prompt}), a prompt per question and the words
 * of each choice option, consent and yes/no words, and how the language offers itself to the others. Every problem
 * found is added to the caller's list (file, key, what is wrong), and a file with any problem yields nothing.
 *
 * <p>Limits come from Twilio: a prompt that is texted holds at most {@value SmsTexts#MAX_CHARACTERS} characters, as
 * Twilio refuses a longer message body (error 21617) rather than split it (a prompt the service fills, at its longest
 * filled form, {@link PromptPlaceholders#longest}); a prompt only ever said on a call ({@link Prompt#saidOnly}, the
 * spoken language offer) is held to the {@code <Say>} limits alone;
 * no control character, which TwiML cannot carry; no word that is a Twilio opt-out,
 * opt-in or help keyword, which Twilio acts on before the survey sees it. A placeholder the prompt does not have
 * filled ({@link PromptPlaceholders}) is refused too: respondents would get it as written. What a call says in one
 * {@code <Say>} (a prompt the service fills at its longest filled form) and the words a {@code <Gather>} is hinted with are held to Twilio's limits ({@link
 * TwilioSpeechLimits}).
 *
 * <p>Two kinds of check. Those the engine needs to build and run the language (the file parses, a Twilio voice,
 * every standard and question prompt and every option's words present, complete language offers, consent words that
 * read) hold for every copy. All others guard respondents against an author's words (wording, lengths, invisible,
 * hidden and control characters, placeholders, polite, consent, yes/no and option words) and go to {@code lint}: a
 * kept copy of a version that ran ({@link SurveyConfigLoader#loadKept}) is not held to them, as it passed the lint of
 * its day and is never edited. A new check goes to {@code lint} unless the engine breaks without it.
 */
final class LanguageFileReader {

    private static final String LANGUAGE = "language";
    /** Every shipped language's consent words: a language reply must mean none of them, in any language. */
    private static final ConsentWords DEFAULT_CONSENT =
            ConsentWords.defaults("es").plus(ConsentWords.defaults("fr"));
    private static final String VOICE = "voice";
    static final List<String> SELF_OFFER_KEYS =
            List.of("languageName", "languageReplies", "languageDigit", "languageOffer", "languageOfferSMS");
    private static final List<String> LEGACY_OFFER_KEYS = List.of("languageOption", "languageOptionSMS",
            "languageOptionLanguageName", "languageOptionVoice", "languageOptionLanguage",
            "languageOptionLanguageReply");
    /** The words a language file may add to the built-in yes and no ({@link NaturalAnswers}). */
    private static final List<String> YES_NO_KEYS = List.of("yesWords", "noWords");
    /**
     * The phrases a caller of the language uses to hear the question again or to think aloud ({@link RepeatRequest}),
     * comma-separated: "wie bitte, können sie das wiederholen, moment". English, Spanish and French have theirs built
     * in; another language had no way to say them until 2026-12-07, and a German caller's "Wie bitte?" was stored as
     * the answer to a words question (a survey author's probe).
     */
    static final String REPEAT_WORDS = "repeatWords";
    /**
     * What a question's key ends with for the words texted instead of its prompt ({@code questionContactMeSMS}), as
     * {@code continueSMS} and {@code languageOfferSMS} do for theirs: a prompt shared by calls and texts cannot ask a
     * caller to "press 1" and a texter to "reply Y" (Twilio answers a texted {@code YES}, one of its opt-in keywords,
     * with its re-subscribe message).
     */
    static final String TEXTED_SUFFIX = "SMS";

    /**
     * Where {@link SurveyLanguage} keeps a question's texted prompt: apart from the file's keys, so that a question
     * named {@code continue} is never texted {@code continueSMS}, a standard prompt.
     */
    static String textedKey(String questionName) {
        return "texted:" + questionName;
    }
    /**
     * A prompt of nothing but characters that show nothing: no-break spaces (which {@link String#isBlank} does not
     * count as blank, and an editor may leave for an emptied value), direction marks, joiners. It passed, and reached
     * respondents as a text that looked empty and a {@code <Say>} with nothing to say (Twilio warning 13520).
     */
    private static final String SHOWS_NOTHING = "shows nothing: it holds only blanks and invisible characters (a "
            + "no-break space, a direction mark), so respondents would get an empty-looking text and hear nothing; "
            + "write the prompt";
    /** A letter or a digit of any script: a question prompt holds at least one. */
    private static final java.util.regex.Pattern LETTER_OR_DIGIT = java.util.regex.Pattern.compile("[\\p{L}\\p{N}]");
    /** The key the original template's one other language is offered under. */
    private static final String LEGACY_DIGIT = "9";

    private LanguageFileReader() {
    }

    /** A parsed language file: the language, how it offers itself, and a legacy offer of another language. */
    record LanguageFile(
            String file, SurveyLanguage language, LanguageOffer selfOffer, LanguageOffer legacyOffer) {
    }

    /**
     * One language file, read and checked against the survey's questions.
     *
     * @param tag               the language tag the file's name gives ({@code en-US}), already known to be one
     *                          Twilio speaks
     * @param questions         the questions {@code survey-config.json} loaded, or null when it did not load (then
     *                          option words are not checked)
     * @param declaredQuestions every question name the survey file declares, loaded or refused, in its order: each
     *                          one a question may have must have its prompt, whether or not its question loaded
     * @param needsRecognition  whether the survey asks for speech (a spoken question or a second language), so Twilio
     *                          must recognise this language
     * @param strict            false for a kept copy of a version that ran ({@link SurveyConfigLoader#loadKept}):
     *                          only the checks the engine needs apply (see the class comment), and characters TwiML
     *                          cannot carry are taken out of its texts rather than refused
     * @param problems          where each problem found is added
     * @return the language, or empty when the file had any problem
     */
    static Optional<LanguageFile> read(
            ConfigFile file, String tag, List<Question> questions, Set<String> declaredQuestions,
            boolean needsRecognition, boolean strict, List<ConfigProblem> problems) {
        String name = file.name();
        Optional<Map<String, String>> parsed = EnvFormat.parse(name, file.content(), strict, problems);
        if (parsed.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> values = parsed.get();
        int before = problems.size();
        // What guards respondents against an author's words: for a new upload, a problem like any other; for a kept
        // copy, which ran and is never edited, dropped (see the class comment).
        List<ConfigProblem> lint = strict ? problems : new ArrayList<>();
        if (!strict) {
            // The characters TwiML cannot carry come out, as MessagingTwiml takes them out of a respondent's text.
            values.replaceAll((key, text) -> TwimlText.xmlSafe(text));
        }

        String declared = values.get(LANGUAGE);
        if (declared == null || declared.isBlank()) {
            lint.add(new ConfigProblem(name, LANGUAGE, "is missing (expected " + tag + ")"));
        } else if (!declared.equals(tag)) {
            lint.add(new ConfigProblem(name, LANGUAGE, "is " + declared + " but the file name says " + tag));
        }
        Say.Voice voice = requiredVoice(values, VOICE, name, problems);
        if (voice != null && !VoiceLanguages.speaks(voice.toString(), tag)) {
            lint.add(new ConfigProblem(name, VOICE, "\"" + voice + "\" speaks " + VoiceLanguages.of(voice.toString())
                    .orElseThrow().stream().sorted().toList() + ", not the language of " + tag + ": callers would hear "
                    + "the prompts read in another language's voice"));
        }
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
                lint.add(new ConfigProblem(name, prompt.key(), "is empty"));
            } else if (text != null && PlainText.invisible(text)) {
                lint.add(new ConfigProblem(name, prompt.key(), SHOWS_NOTHING));
            }
        }
        values.forEach((key, text) -> {
            // A prompt the service fills is measured filled, once the questions and option words are read.
            boolean measuredFilled = questions != null && PromptPlaceholders.fills(key);
            if (text != null && !measuredFilled && texted(key)) {
                checkText(name, key, text, "", lint);
            }
            // A NUL, bell or escape in a prompt would be texted as it is, and cannot be put in TwiML at all.
            if (text != null && !TwimlText.xmlSafe(text).equals(text)) {
                lint.add(new ConfigProblem(name, key, "holds a control character (or a non-character such as "
                        + "U+FFFE) that a text or a call cannot carry"));
            }
            // A key the lint reports unknown gets that one problem: "answerchoice" beside "{options}" was also told
            // the placeholder is never filled, which the key's right spelling fills (a survey author's probe).
            boolean known = isReservedKey(key) || declaredQuestions == null
                    || declaredQuestions.contains(ownerOf(key)) || key.endsWith(TEXTED_SUFFIX)
                    && declaredQuestions.contains(key.substring(0, key.length() - TEXTED_SUFFIX.length()));
            if (text != null && known) {
                PromptPlaceholders.check(name, key, text, lint);
            }
            if (text != null) {
                HiddenCharacters.check(name, key, text, lint);
                if (voice != null && said(key, declaredQuestions == null ? Set.of() : declaredQuestions)
                        && !measuredFilled) {
                    TwilioSpeechLimits.checkSay(name, key, text, voice, lint);
                }
            }
        });
        // Every question with a name it may have, loaded or refused for another reason: a question refused for its
        // bounds had its empty prompt told only once the bounds were mended (a survey author's probe, 2026-12-06).
        for (String question : declaredQuestions == null ? Set.<String>of() : declaredQuestions) {
            String text = values.get(question);
            if (!SurveyConfigLoader.isQuestionName(question)) {
                continue;
            } else if (text == null) {
                problems.add(new ConfigProblem(name, question, "missing prompt for question " + question));
            } else if (text.isBlank()) {
                lint.add(new ConfigProblem(name, question, "is empty"));
            } else if (PlainText.invisible(text)) {
                lint.add(new ConfigProblem(name, question, SHOWS_NOTHING));
            } else if (!LETTER_OR_DIGIT.matcher(text).find()) {
                // "👍" or "..." passed until 2026-12-06 (a survey author's probe).
                lint.add(new ConfigProblem(name, question, "has no letter or digit: a question of symbols "
                        + "alone (an emoji, dots) asks nothing, and a call would say nothing; write it in words"));
            }
            String texted = values.get(question + TEXTED_SUFFIX);
            if (texted == null || !SurveyConfigLoader.isQuestionName(question)) {
                continue;
            } else if (texted.isBlank()) {
                lint.add(new ConfigProblem(name, question + TEXTED_SUFFIX, "is empty: leave it out, and texts ask "
                        + question + " as calls do"));
            } else if (PlainText.invisible(texted) || !LETTER_OR_DIGIT.matcher(texted).find()) {
                lint.add(new ConfigProblem(name, question + TEXTED_SUFFIX, "has no letter or digit: a text of "
                        + "symbols alone asks nothing; write it in words"));
            }
        }
        if (questions != null) {
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
                String owner = ownerOf(key);
                boolean ofRefusedQuestion = declaredQuestions.contains(owner) && !loaded.contains(owner);
                // A key most likely of a question whose name is refused for its form ("qWhy" or "qWhy.app" beside a
                // questionName mistyped "q why") is that name's problem, reported once in survey-config.json: it was
                // told to be renamed to a name no key may have (a survey author's probe, 2026-12-07).
                boolean ofMistypedName = DidYouMean.closest(owner, declaredQuestions.stream()
                        .filter(question -> !SurveyConfigLoader.hasQuestionNameForm(question)).toList()).isPresent();
                boolean textedPrompt = key.endsWith(TEXTED_SUFFIX)
                        && declaredQuestions.contains(key.substring(0, key.length() - TEXTED_SUFFIX.length()));
                if (!isReservedKey(key) && !declaredQuestions.contains(key) && !optionKeys.contains(key)
                        && !ofRefusedQuestion && !ofMistypedName && !textedPrompt) {
                    lint.add(new ConfigProblem(name, key, "unknown key: not a standard prompt, a language "
                            + "setting or a question of " + SurveyConfigLoader.SURVEY_CONFIG
                            + DidYouMean.hint(key, without(knownKeys(declaredQuestions, optionKeys),
                                    values.keySet()))));
                }
            }
        }
        ConsentWords consent = consentWords(values, tag, name, problems);
        List<String> yesWords = words(values.get("yesWords"));
        List<String> noWords = words(values.get("noWords"));
        keywordClash(yesWords, name, "yesWords", lint);
        keywordClash(noWords, name, "noWords", lint);
        for (String key : YES_NO_KEYS) {
            TwilioSpeechLimits.checkHintLengths(name, key, shownWords(values.get(key)), "a yesNo question", lint);
        }
        TwilioSpeechLimits.checkHintCount(name, "yesWords", Stream.of(AnswerReader.builtInYesAndNo(tag), yesWords,
                noWords).flatMap(List::stream).toList(), "a yesNo question", lint);
        for (String key : List.of("optOutWords", "optOutPhrases")) {
            TwilioSpeechLimits.checkHintLengths(name, key, shownWords(values.get(key)), "a keypad question", lint);
        }
        if (values.get("languageName") != null) {
            String languageName = values.get("languageName").strip();
            TwilioSpeechLimits.checkHintLengths(name, "languageName", List.of(languageName), "the language offer",
                    lint);
            TwilioSpeechLimits.checkOneHint(name, "languageName", languageName, "the language offer", lint);
        }
        yesWords.stream().filter(noWords::contains).forEach(word -> lint.add(new ConfigProblem(name, "noWords",
                "\"" + word + "\" is in yesWords too")));
        if (yesWords.stream().noneMatch(noWords::contains)) {
            yesAndNoWordsMeanThemselves(yesWords, noWords, tag, name, lint);
        }
        ownWordsRequired(values, tag, questions, name, lint);
        Map<String, List<String>> optionLabels = questions == null ? Map.of()
                : optionLabels(questions, values, tag, name, lint);
        if (questions != null) {
            for (Prompt prompt : Prompt.values()) {
                String text = values.get(prompt.key());
                if (text != null && PromptPlaceholders.fills(prompt.key())) {
                    // Holding only this prompt, so that what is measured is this prompt filled, never a fallback.
                    SurveyLanguage alone = new SurveyLanguage(tag, voice, spoken, recognised, Map.of(prompt.key(),
                            text), List.of(), consent, yesWords, noWords, optionLabels);
                    if (texted(prompt.key())) {
                        PromptPlaceholders.longest(alone, questions, String::length).ifPresentOrElse(
                                filled -> checkText(name, prompt.key(), filled.text(), " once filled for "
                                        + filled.question(), lint),
                                () -> checkText(name, prompt.key(), text, "", lint));
                    }
                    if (voice != null) {
                        TwilioSpeechLimits.checkFilledSay(name, prompt.key(), text, alone, questions, lint);
                    }
                }
            }
        }
        List<String> continueWords = words(values.get(Prompt.WELCOME_CONTINUE.key()));
        keywordClash(continueWords, name, Prompt.WELCOME_CONTINUE.key(), lint);
        if (values.get(Prompt.WELCOME_CONTINUE.key()) != null && !values.get(Prompt.WELCOME_CONTINUE.key()).isBlank()
                && continueWords.isEmpty()) {
            // "!!!" passed, and every reply got the welcome again: the respondent could never begin.
            lint.add(new ConfigProblem(name, Prompt.WELCOME_CONTINUE.key(), "has no word a respondent can text "
                    + "back (letters or digits): nothing would begin the survey"));
        }
        LanguageOffer selfOffer = selfOffer(values, tag, voice, spoken, name, problems, lint);
        LanguageOffer legacyOffer = legacyOffer(values, name, problems, lint);

        if (problems.size() > before) {
            return Optional.empty();
        }
        Map<String, String> texts = new HashMap<>();
        for (Prompt prompt : Prompt.values()) {
            Optional.ofNullable(values.get(prompt.key())).ifPresent(text -> texts.put(prompt.key(), text));
        }
        if (questions != null) {
            questions.forEach(question -> texts.put(question.name(), values.get(question.name())));
            // Not a standard prompt ("continue" + SMS) nor another question's prompt (a kept copy with "q" and "qSMS").
            questions.forEach(question -> Optional.ofNullable(values.get(question.name() + TEXTED_SUFFIX))
                    .filter(text -> !text.isBlank() && !declaredQuestions.contains(question.name() + TEXTED_SUFFIX)
                            && !isReservedKey(question.name() + TEXTED_SUFFIX))
                    .ifPresent(text -> texts.put(textedKey(question.name()), text)));
        }
        // As written (accents and capitals kept), for showing the language's own yes and no back to a respondent.
        for (String key : YES_NO_KEYS) {
            Optional.ofNullable(values.get(key)).ifPresent(text -> texts.put(key, text));
        }
        Optional.ofNullable(values.get(REPEAT_WORDS)).ifPresent(text -> texts.put(REPEAT_WORDS, text));
        SurveyLanguage language = new SurveyLanguage(tag, voice, spoken, recognised, Map.copyOf(texts),
                continueWords, consent, yesWords, noWords, optionLabels);
        return Optional.of(new LanguageFile(name, language, selfOffer, legacyOffer));
    }

    /**
     * Adds a problem when {@code text} is over the {@value SmsTexts#MAX_CHARACTERS} characters (UTF-16 code units)
     * of one message body. Twilio refuses a longer body (error 21617, "The concatenated message body exceeds the 1600
     * character limit", https://www.twilio.com/docs/api/errors/21617): the message is not sent, and Twilio does not
     * split it. So the service cuts what it texts into bodies Twilio takes ({@link SmsTexts#fit}), and a longer prompt
     * would reach respondents in several texts, cut mid-sentence or mid-list; the message says into how many.
     *
     * @param filled {@code ""} for a prompt measured as written, else {@code " once filled for <question>"}
     */
    private static void checkText(String file, String key, String text, String filled, List<ConfigProblem> problems) {
        if (text.length() > SmsTexts.MAX_CHARACTERS) {
            problems.add(new ConfigProblem(file, key, "is " + text.length() + " characters" + filled + ": Twilio "
                    + "refuses a text over " + SmsTexts.MAX_CHARACTERS + " (error 21617) rather than split it, so "
                    + "respondents would get it cut into " + SmsTexts.fit(List.of(text)).size() + " texts, "
                    + "mid-sentence; shorten it"));
        }
    }

    /**
     * Whether the value of {@code key} is ever texted: not a prompt only said on a call ({@link Prompt#saidOnly}), nor
     * the language offer a call says ({@code languageOffer}, the legacy {@code languageOption}; a text carries
     * {@code languageOfferSMS}, {@code languageOptionSMS}).
     */
    private static boolean texted(String key) {
        if (key.equals("languageOffer") || key.equals("languageOption")) {
            return false;
        }
        return Arrays.stream(Prompt.values()).noneMatch(prompt -> prompt.key().equals(key) && prompt.saidOnly());
    }

    /**
     * Each choice option's words in this language ({@code questionChannel.web=website, online}), checked: no word
     * names two options of one question, none is an opt-out, opt-in or help word, and each, replied as written,
     * chooses its option ({@link #labelsChooseTheirOptions}).
     */
    private static Map<String, List<String>> optionLabels(List<Question> questions, Map<String, String> values,
            String tag, String file, List<ConfigProblem> problems) {
        Map<String, List<String>> labels = new HashMap<>();
        for (Question question : questions) {
            int before = problems.size();
            Map<String, String> owners = new HashMap<>();
            for (Question.ChoiceOption option : question.options()) {
                String key = question.name() + "." + option.value();
                List<String> shown = shownWords(values.get(key));
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
                TwilioSpeechLimits.checkHintLengths(file, key, shown, question.name(), problems);
            }
            TwilioSpeechLimits.checkHintCount(file, question.name(), question.options().stream()
                    .flatMap(option -> labels.getOrDefault(question.name() + "." + option.value(), List.of()).stream())
                    .toList(), question.name(), problems);
            if (problems.size() == before) {
                labelsChooseTheirOptions(question, labels, tag, file, problems);
            }
        }
        return Map.copyOf(labels);
    }

    /**
     * Each word of each option of a choice question must choose that option when a respondent replies with it as
     * written ({@link NaturalAnswers#choice}, which reads replies). It exists because the answer choice prompt shows
     * the first word of each option and the others are promised as understood, yet some were never taken: a word
     * that is another option's key ({@code 2}, or {@code two} beside an option whose key is 2), or a word shared with
     * another option. (A number inside the word itself, {@code 2-3 times a week} beside an option whose key is 3, is
     * read as the word's and chooses it.) The respondent who typed or said it was asked again, and after {@code maxRetries} the question
     * was skipped.
     *
     * @param labels the words of the question's options read so far, by {@code <questionName>.<value>}
     */
    private static void labelsChooseTheirOptions(Question question, Map<String, List<String>> labels, String tag,
            String file, List<ConfigProblem> problems) {
        List<NaturalAnswers.ChoiceLabels> options = question.options().stream()
                .map(option -> new NaturalAnswers.ChoiceLabels(option.value(), option.key(),
                        labels.getOrDefault(question.name() + "." + option.value(), List.of())))
                .toList();
        for (NaturalAnswers.ChoiceLabels option : options) {
            for (String label : option.labels()) {
                Optional<String> chosen = NaturalAnswers.choice(label, tag, options);
                if (chosen.equals(Optional.of(option.value()))) {
                    continue;
                }
                problems.add(new ConfigProblem(file, question.name() + "." + option.value(), "\"" + label
                        + "\" does not choose " + option.value() + " when a respondent replies it: " + chosen
                        .map(other -> "it chooses " + other)
                        .orElse("it is read as naming no option or more than one (it holds another option's key "
                                + "or words, or a word that negates it), so the question is asked again")
                        + "; reword it (a number that is another option's key, in digits or words, is read as "
                        + "that key)"));
            }
        }
    }

    /**
     * Each word of {@code yesWords} must read as yes, and each of {@code noWords} as no ({@link NaturalAnswers#yesNo}),
     * as the file promises: a word the built-in words read otherwise ({@code yesWords=ja, nope}: "nope" is a built-in
     * no, and a word meaning both is no answer) left the respondent who gave it asked again.
     */
    private static void yesAndNoWordsMeanThemselves(List<String> yesWords, List<String> noWords, String tag,
            String file, List<ConfigProblem> problems) {
        for (boolean yes : List.of(true, false)) {
            String key = yes ? "yesWords" : "noWords";
            for (String word : yes ? yesWords : noWords) {
                Optional<Boolean> read = NaturalAnswers.yesNo(word, tag, yesWords, noWords);
                if (!read.equals(Optional.of(yes))) {
                    problems.add(new ConfigProblem(file, key, "\"" + word + "\" is not read as " + (yes ? "yes" : "no")
                            + ": " + read.map(other -> "it reads as " + (other ? "yes" : "no") + ", and a respondent "
                                    + "answering it would be recorded so")
                            .orElse("it reads as both yes and no (the built-in words of " + tag + " or the other "
                                    + "list hold it or a word of it), and a respondent answering it would be asked "
                                    + "again")
                            + "; take it out of " + key));
                }
            }
        }
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

    /**
     * A language without built-in words ({@link ConsentWords#hasBuiltInWords}: any but English, Spanish and French)
     * must list its own opt-out words, as respondents write to stop in their language (the FCC's "any reasonable
     * means"), and, when the survey asks yes or no, its own yes and no words: otherwise only the English ones are
     * understood, and a respondent's "STOPP" or "ja" is taken for a wrong answer. With its opt-out words it must list
     * its polite words too: an opt-out word counts only alone once polite words are dropped ({@link ConsentWords}),
     * so without them "STOPP bitte" was stored as a free-text answer while "Stop please" opted out.
     */
    private static void ownWordsRequired(Map<String, String> values, String tag, List<Question> questions,
            String file, List<ConfigProblem> problems) {
        if (ConsentWords.hasBuiltInWords(tag)) {
            return;
        }
        if (words(values.get("optOutWords")).isEmpty() && words(values.get("optOutPhrases")).isEmpty()) {
            problems.add(new ConfigProblem(file, "optOutWords", "missing: " + tag + " has no built-in opt-out words "
                    + "(only English, Spanish and French do), so respondents could stop only with English ones; list "
                    + "the words they would text to stop in " + tag + " (optOutWords), and phrases (optOutPhrases)"));
        } else if (!words(values.get("optOutWords")).isEmpty() && words(values.get("politeWords")).isEmpty()) {
            problems.add(new ConfigProblem(file, "politeWords", "missing: " + tag + " has no built-in polite words "
                    + "(only English, Spanish and French do), so an opt-out word said with one (\"STOPP bitte\") "
                    + "would be taken for an answer; list the words respondents add to a stop in " + tag
                    + " (please, thanks, now)"));
        }
        boolean asksYesNo = questions != null && questions.stream()
                .anyMatch(question -> question.type() == QuestionType.YES_NO);
        for (String key : YES_NO_KEYS) {
            if (asksYesNo && words(values.get(key)).isEmpty()) {
                problems.add(new ConfigProblem(file, key, "missing: the survey asks yes or no, and " + tag + " has no "
                        + "built-in " + (key.equals("yesWords") ? "yes" : "no") + " words (only English, Spanish "
                        + "and French do); list them"));
            }
        }
    }

    private static LanguageOffer selfOffer(
            Map<String, String> values, String tag, Say.Voice voice, Say.Language spoken, String file,
            List<ConfigProblem> problems, List<ConfigProblem> lint) {
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
            lint.add(new ConfigProblem(file, "languageOffer", "does not mention its key " + digit));
        }
        List<String> words = new ArrayList<>(words(values.get("languageReplies")));
        String spokenName = Replies.normalise(values.get("languageName"));
        if (!words.contains(spokenName)) {
            words.add(0, spokenName);
        }
        keywordClash(words, file, "languageReplies", lint);
        return new LanguageOffer(tag, values.get("languageName"), voice, spoken, digit, offer,
                values.get("languageOfferSMS"), List.copyOf(words));
    }

    private static LanguageOffer legacyOffer(
            Map<String, String> values, String file, List<ConfigProblem> problems, List<ConfigProblem> lint) {
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
        keywordClash(words, file, "languageOptionLanguageReply", lint);
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

    /**
     * Whether a call may say the key's text in one {@code <Say>}: a standard prompt but those named for texts
     * ({@code continueSMS}, {@code languageOfferSMS}), a question's prompt, a language offer.
     */
    private static boolean said(String key, Set<String> declaredQuestions) {
        return (Arrays.stream(Prompt.values()).anyMatch(prompt -> prompt.key().equals(key)) && !key.endsWith("SMS"))
                || declaredQuestions.contains(key) || key.equals("languageOffer") || key.equals("languageOption");
    }

    /** A comma-separated list as written, each entry stripped, empty ones left out. */
    private static List<String> shownWords(String commaSeparated) {
        return commaSeparated == null ? List.of() : Arrays.stream(commaSeparated.split(","))
                .map(String::strip).filter(word -> !word.isEmpty()).toList();
    }

    /** The question a prompt key belongs to: {@code qChannel} for {@code qChannel} and {@code qChannel.app}. */
    private static String ownerOf(String key) {
        return key.contains(".") ? key.substring(0, key.indexOf('.')) : key;
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

    /**
     * {@code keys} without those the file holds already: a misspelt key is not the one written beside it (a hint naming
     * it led to "is defined twice", a breaker's probe).
     */
    private static Set<String> without(Set<String> keys, Collection<String> held) {
        Set<String> left = new LinkedHashSet<>(keys);
        left.removeAll(held);
        return left;
    }

    /**
     * Every key a language file may hold but the legacy offer keys: its own ({@link #isReservedKey}), its survey's
     * questions, their texted prompts ({@code q1SMS}) and their options' words ({@code q1.2}).
     */
    private static Set<String> knownKeys(Collection<String> questions, Collection<String> optionKeys) {
        Set<String> known = new LinkedHashSet<>(List.of(LANGUAGE, VOICE, REPEAT_WORDS));
        known.addAll(SELF_OFFER_KEYS);
        known.addAll(YES_NO_KEYS);
        known.addAll(ConsentWords.KEYS);
        Arrays.stream(Prompt.values()).forEach(prompt -> known.add(prompt.key()));
        known.addAll(questions);
        questions.forEach(question -> known.add(question + TEXTED_SUFFIX));
        known.addAll(optionKeys);
        return known;
    }

    /** A key a language file uses for itself (its language, voice, prompts, offers and words), never a question. */
    static boolean isReservedKey(String key) {
        return key.equals(LANGUAGE) || key.equals(VOICE) || SELF_OFFER_KEYS.contains(key) || YES_NO_KEYS.contains(key)
                || LEGACY_OFFER_KEYS.contains(key) || ConsentWords.KEYS.contains(key) || key.equals(REPEAT_WORDS)
                || Arrays.stream(Prompt.values()).anyMatch(prompt -> prompt.key().equals(key));
    }
}
