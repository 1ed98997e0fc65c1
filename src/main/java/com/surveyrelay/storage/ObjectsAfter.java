package com.surveyrelay.storage;

import java.util.Collections;
import java.util.Iterator;
import java.util.NoSuchElementException;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The objects of a bucket under a prefix whose keys sort after a given key, listed with ListObjectsV2 one page (up to
 * 1,000 objects) at a time as the caller takes them: the first page asked with {@code StartAfter}, each later one with
 * the previous page's {@code ContinuationToken} alone.
 *
 * <p>Every listing that starts after a key goes through here, not through the SDK's {@code listObjectsV2Paginator}:
 * the paginator sends {@code StartAfter} again beside every {@code ContinuationToken}, which AWS S3 takes but S3Proxy
 * (the local default's S3) refuses with 400 InvalidArgument. So, until 2026-12-05, a sessions page resumed before more
 * than 1,000 names of its day answered 503, and a deferred start moved more than 1,000 keys later, or a poll past the
 * first 1,000 due starts after a key, failed on the local default. A listing from the first key (no
 * {@code StartAfter}) may use the paginator.
 *
 * <p>Iterating asks S3 lazily; each {@link #iterator()} lists afresh. An S3 failure is thrown from
 * {@code hasNext()} as the SDK's {@link software.amazon.awssdk.core.exception.SdkException}.
 */
public final class ObjectsAfter implements Iterable<S3Object> {

    private final S3Client s3;
    private final String bucket;
    private final String prefix;
    private final String delimiter;
    private final String startAfter;

    /**
     * @param s3 the client to list with
     * @param bucket the bucket
     * @param prefix what every key listed starts with (may be empty)
     * @param delimiter null to list every key under the prefix; {@code "/"} to leave out the keys of the folders under
     *     it (they are common prefixes, not objects, and are not returned)
     * @param startAfter the key the listing starts after (it need not exist), or null to start at the first
     */
    public ObjectsAfter(S3Client s3, String bucket, String prefix, String delimiter, String startAfter) {
        this.s3 = s3;
        this.bucket = bucket;
        this.prefix = prefix;
        this.delimiter = delimiter;
        this.startAfter = startAfter;
    }

    /** The objects in key order (S3's UTF-8 binary order), listed lazily from the first page. */
    @Override
    public Iterator<S3Object> iterator() {
        return new Pages();
    }

    /** One listing: a page is asked for when the one before has been taken. */
    private final class Pages implements Iterator<S3Object> {
        private Iterator<S3Object> page = Collections.emptyIterator();
        private String token;
        private boolean listed;

        @Override
        public boolean hasNext() {
            while (!page.hasNext() && (!listed || token != null)) {
                ListObjectsV2Response response = s3.listObjectsV2(list -> {
                    list.bucket(bucket).prefix(prefix).delimiter(delimiter);
                    if (listed) {
                        list.continuationToken(token);
                    } else {
                        list.startAfter(startAfter);
                    }
                });
                listed = true;
                token = Boolean.TRUE.equals(response.isTruncated()) ? response.nextContinuationToken() : null;
                page = response.contents().iterator();
            }
            return page.hasNext();
        }

        @Override
        public S3Object next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return page.next();
        }
    }
}
