package com.surveyrelay.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.surveyrelay.config.SurveyRelayProperties;
import com.surveyrelay.storage.ObjectsAfter;
import com.surveyrelay.storage.ResultExports;
import com.surveyrelay.survey.SurveyJson;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The results sink's finished sessions as the results API reads them back from the results bucket
 * ({@code survey-relay.results-bucket}): the names matching a {@link SessionFilter}, found by listing day folders
 * with ListObjectsV2 one page (up to 1,000 names) at a time ({@link ObjectsAfter}), and the documents of the names a
 * caller keeps, read in parallel ({@value #READ_THREADS} at a time across every request) and returned in name order.
 *
 * <p>Days are walked newest first; within a day, names come in S3's order (status, channel, language, session
 * id). Reading only what the sink wrote there, this sees nothing when {@code SURVEY_RESULTS_ENDPOINT} sends
 * the results elsewhere.
 */
@Component("finishedSessions")
public class FinishedSessions implements DisposableBean {

    private static final Logger LOG = LoggerFactory.getLogger(FinishedSessions.class);

    /** Parallel reads of session documents, for all requests together. */
    static final int READ_THREADS = 8;

    private final S3Client s3;
    private final String bucket;
    private final ObjectMapper json = SurveyJson.mapper();
    private final ExecutorService reads = Executors.newFixedThreadPool(READ_THREADS, new ReadThreads());

    /**
     * One matching object.
     *
     * @param day the day folder it is in
     * @param name its name in that folder (the key's last segment)
     * @param key its whole key
     */
    record Listed(LocalDate day, String name, String key) {
    }

    public FinishedSessions(S3Client s3Client, SurveyRelayProperties settings) {
        this.s3 = s3Client;
        this.bucket = settings.resultsBucket();
    }

    /**
     * The names matching the filter, newest day first, listed lazily: a day's next page is asked for only when
     * the caller has taken the names before it.
     *
     * @param after where a previous walk stopped (its last name returned), or null to start at the newest day folder
     *     of the range ({@link SessionFilter#lastFolder}); the walk ends with its oldest ({@link
     *     SessionFilter#firstFolder}). Names in the folders a zoned range starts or ends in may be of sessions
     *     outside it: {@link #read} leaves those out.
     */
    Iterator<Listed> matching(SessionFilter filter, Listed after) {
        return new Iterator<>() {
            private LocalDate day = after == null ? filter.lastFolder() : after.day();
            private Iterator<S3Object> page = list(day, after == null ? null : after.key());
            private Listed next;

            @Override
            public boolean hasNext() {
                while (next == null) {
                    if (page.hasNext()) {
                        String key = page.next().key();
                        String name = key.substring(key.lastIndexOf('/') + 1);
                        LocalDate at = day;
                        next = FinishedName.parse(name).filter(filter::matches).map(ok -> new Listed(at, name, key))
                                .orElse(null);
                    } else if (day.isAfter(filter.firstFolder())) {
                        day = day.minusDays(1);
                        page = list(day, null);
                    } else {
                        return false;
                    }
                }
                return true;
            }

            @Override
            public Listed next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                Listed taken = next;
                next = null;
                return taken;
            }

            private Iterator<S3Object> list(LocalDate of, String startAfter) {
                String prefix = ResultExports.dayPrefix(filter.surveyId(), of) + filter.namePrefix();
                return new ObjectsAfter(s3, bucket, prefix, null, startAfter).iterator();
            }
        };
    }

    /**
     * The documents of these objects, in their order, read in parallel; an object deleted since it was listed is
     * left out, and so is a session that started outside the filter's range ({@link SessionFilter#startedWithin}:
     * only in the first and last day folder of a range of days in a zone other than UTC).
     *
     * @param objects names {@link #matching} returned for {@code filter}
     * @throws software.amazon.awssdk.core.exception.SdkException when S3 fails a read
     */
    List<JsonNode> read(List<Listed> objects, SessionFilter filter) {
        return readEach(objects, filter).stream().filter(java.util.Objects::nonNull).toList();
    }

    /**
     * As {@link #read}, with each object's document at the object's position: null where {@link #read} leaves one
     * out, so that a caller can tell which object a document is (a sessions page's cursor names the last one it
     * took).
     *
     * @return as many entries as {@code objects}, some null
     */
    List<JsonNode> readEach(List<Listed> objects, SessionFilter filter) {
        List<CompletableFuture<JsonNode>> pending = new ArrayList<>(objects.size());
        for (Listed object : objects) {
            pending.add(CompletableFuture.supplyAsync(() -> {
                JsonNode document = document(object.key());
                return document == null || filter.startedWithin(object.day(), document) ? document : null;
            }, reads));
        }
        List<JsonNode> documents = new ArrayList<>(objects.size());
        try {
            for (CompletableFuture<JsonNode> document : pending) {
                documents.add(document.join());
            }
        } catch (CompletionException e) {
            pending.forEach(document -> document.cancel(false));
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        return Collections.unmodifiableList(documents);
    }

    /**
     * The object's document; null when it was deleted since it was listed, or when it is no finished session's
     * document: no JSON object (a truncated upload, a stray file), or one whose {@code questions} is there but is not
     * a list of objects. That one is left out with a warning naming its key (which holds no number), rather than
     * failing every read of its day for good, or every summary and export of its survey.
     */
    private JsonNode document(String key) {
        JsonNode read;
        try {
            read = json.readTree(s3.getObjectAsBytes(get -> get.bucket(bucket).key(key)).asInputStream());
        } catch (NoSuchKeyException gone) {
            return null;
        } catch (IOException e) {
            read = null;
        }
        if (read == null || !read.isObject()) {
            LOG.warn("The results object {} is not a JSON document: left out of this read", key);
            return null;
        }
        if (!questionsAreAList(read.path("questions"))) {
            LOG.warn("The results object {} is not a session document (its questions are not a list of objects): "
                    + "left out of this read", key);
            return null;
        }
        return read;
    }

    /** True when {@code questions} is absent, null or a list of objects, as the summary and the CSV read it. */
    private static boolean questionsAreAList(JsonNode questions) {
        if (questions.isMissingNode() || questions.isNull()) {
            return true;
        }
        if (!questions.isArray()) {
            return false;
        }
        for (JsonNode question : questions) {
            if (!question.isObject()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void destroy() {
        reads.shutdownNow();
    }

    /** Daemon threads named for thread dumps. */
    private static final class ReadThreads implements java.util.concurrent.ThreadFactory {
        private final AtomicInteger count = new AtomicInteger();

        @Override
        public Thread newThread(Runnable task) {
            Thread thread = new Thread(task, "results-read-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        }
    }
}
