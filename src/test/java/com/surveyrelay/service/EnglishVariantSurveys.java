package com.surveyrelay.service;

import static org.awaitility.Awaitility.await;

import com.surveyrelay.local.LocalServices;
import com.surveyrelay.storage.SurveyCatalog;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A test survey in {@code surveys/<surveyId>/} whose Englishes change between versions, so that a request's bare
 * {@code en} means another language, or several, from one version to the next: the shipped questions, the shipped
 * {@code en-US} and {@code es-MX} prompts, and a British English made from the American one.
 */
final class EnglishVariantSurveys {

    private final SurveyCatalog catalog;
    private final String surveyId;

    EnglishVariantSurveys(SurveyCatalog catalog, String surveyId) {
        this.catalog = catalog;
        this.surveyId = surveyId;
    }

    String surveyId() {
        return surveyId;
    }

    private String folder() {
        return SurveyCatalog.SURVEYS_FOLDER + surveyId + "/";
    }

    /**
     * Uploads the survey in {@code languages} (of {@code en-US}, {@code en-GB}, {@code es-MX}), replacing any other
     * language's prompts, and waits until that version runs.
     */
    void upload(String defaultLanguage, String... languages) {
        String before = ServiceTest.runningVersion(catalog, surveyId);
        try (S3Client s3 = ServiceTest.s3()) {
            for (String language : new String[] {"en-US", "en-GB", "es-MX"}) {
                String key = folder() + "voice-prompts/survey-" + language + ".env";
                if (java.util.List.of(languages).contains(language)) {
                    s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(key), RequestBody.fromString(
                            prompts(language)));
                } else {
                    s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET).key(key));
                }
            }
            s3.putObject(put -> put.bucket(LocalServices.BUCKET).key(folder() + "survey-config.json"),
                    RequestBody.fromString(read("config-files/survey-config.json")
                            .replace("\"customer-satisfaction\"", "\"" + surveyId + "\"")
                            .replace("\"defaultLanguage\": \"en-US\"", "\"defaultLanguage\": \"" + defaultLanguage
                                    + "\"")));
        }
        ServiceTest.awaitNewVersion(catalog, surveyId, before);
    }

    /** Removes the survey from the bucket, and waits until it is no longer listed. */
    void remove() {
        try (S3Client s3 = ServiceTest.s3()) {
            ServiceTest.keys(folder()).forEach(key -> s3.deleteObject(delete -> delete.bucket(LocalServices.BUCKET)
                    .key(key)));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> ServiceTest.runningVersion(catalog, surveyId) == null);
    }

    private static String prompts(String language) {
        if (!language.equals("en-GB")) {
            return read("config-files/voice-prompts/survey-" + language + ".env");
        }
        return read("config-files/voice-prompts/survey-en-US.env").replace("language=en-US", "language=en-GB")
                .replace("voice=Polly.Joanna", "voice=Polly.Amy")
                .replace("languageName=English", "languageName=British English")
                .replace("languageReplies=english,ingles,anglais", "languageReplies=british")
                .replace("languageDigit=1", "languageDigit=4")
                .replace("For English, press 1 or say English.", "For British English, press 4 or say British.")
                .replace("For English, reply ENGLISH.", "For British English, reply BRITISH.");
    }

    private static String read(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
