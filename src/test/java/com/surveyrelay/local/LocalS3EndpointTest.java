package com.surveyrelay.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.utils.cache.bounded.BoundedCache;
import software.amazon.awssdk.utils.uri.SdkUri;

/**
 * The local S3's endpoint keeps S3 requests out of the AWS SDK's static URI cache, as an AWS endpoint does: the
 * cache takes a lock on every miss, and a new S3 key is a miss (see {@link LocalS3#endpoint()}).
 */
class LocalS3EndpointTest {

    private static BoundedCache<?, ?> sdkUriCache() throws ReflectiveOperationException {
        Field cache = SdkUri.class.getDeclaredField("cache");
        cache.setAccessible(true);
        return (BoundedCache<?, ?>) cache.get(SdkUri.getInstance());
    }

    /** How much the cache's size changes while the SDK makes {@code URI}s of five new object URLs on {@code base}. */
    private static int cacheChangeForNewKeys(String base) throws ReflectiveOperationException {
        BoundedCache<?, ?> cache = sdkUriCache();
        int before = cache.size();
        for (int i = 0; i < 5; i++) {
            SdkUri.getInstance().create(base + "/survey-relay/sessions/" + UUID.randomUUID() + ".json");
        }
        return cache.size() - before;
    }

    @Test
    void theLocalS3sRequestsBypassTheSdksLockingUriCache() throws Exception {
        try (LocalS3 s3 = LocalS3.inMemory()) {
            String endpoint = s3.endpoint().toString();

            assertThat(cacheChangeForNewKeys(endpoint)).isZero();
            assertThat(cacheChangeForNewKeys("https://survey-relay.s3.eu-west-3.amazonaws.com"))
                    .as("as on AWS").isZero();
            assertThat(cacheChangeForNewKeys("http://127.0.0.1:" + s3.endpoint().getPort()))
                    .as("the loopback address would go through the cache (if not, this test checks nothing)")
                    .isNotZero();
        }
    }
}
