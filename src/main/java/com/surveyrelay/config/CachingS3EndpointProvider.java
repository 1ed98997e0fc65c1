package com.surveyrelay.config;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/**
 * S3's endpoint rules worked out once per bucket and client setting, instead of twice on every request.
 *
 * <p>The AWS SDK (2.41) evaluates S3's endpoint rule set, some 180 rules, twice per request: to choose the auth
 * scheme ({@code S3AuthSchemeInterceptor}, which asks the client's endpoint provider) and for the endpoint itself
 * ({@code S3ResolveEndpointInterceptor}). In a CPU profile (JFR) of the service at 200 SMS respondents the rules were
 * 2.4% of all samples (0.1% with this cache), for an answer that depends on the bucket and the client's fixed settings
 * only; the rest of those two interceptors' work (6.3%), building the parameters, is the SDK's and stays.
 *
 * <p>The rules are a function of {@link S3EndpointParams} alone. Those of SDK 2.41 never read the object key, the
 * prefix, the copy source or a DeleteObjects' keys (checked in its {@code DefaultS3EndpointProvider}'s bytecode, and
 * for the settings this service uses by {@code CachingS3EndpointProviderTest}), so those are left out of the cache
 * key; every other parameter is in it, and the test fails when an SDK upgrade adds one. A resolution that failed (an
 * invalid bucket name, say) is not kept, so each request gets the rules' own error. At most {@value #BUCKETS}
 * combinations are kept; a service uses a handful.
 */
final class CachingS3EndpointProvider implements S3EndpointProvider {

    static final int BUCKETS = 256;

    /** Parameters the rules do not read: the cache key leaves them out (see the class comment). */
    static final Set<String> IGNORED_PARAMS = Set.of("key", "prefix", "copySource", "deleteObjectKeys");

    private final S3EndpointProvider rules;
    private final Cache<RuleInputs, Endpoint> resolved = Caffeine.newBuilder().maximumSize(BUCKETS).build();

    /** @param rules the provider whose answers are kept, normally {@link S3EndpointProvider#defaultProvider()} */
    CachingS3EndpointProvider(S3EndpointProvider rules) {
        this.rules = rules;
    }

    /**
     * The endpoint for these parameters: the kept one when the same bucket and settings were resolved before, else
     * the rules' answer, kept when it succeeded.
     *
     * @return a completed future; failed, with the rules' own exception, when they refused the parameters
     */
    @Override
    public CompletableFuture<Endpoint> resolveEndpoint(S3EndpointParams params) {
        RuleInputs inputs = RuleInputs.of(params);
        Endpoint known = resolved.getIfPresent(inputs);
        if (known != null) {
            return CompletableFuture.completedFuture(known);
        }
        CompletableFuture<Endpoint> answer = rules.resolveEndpoint(params);
        if (answer.isDone() && !answer.isCompletedExceptionally()) {
            resolved.put(inputs, answer.join());
        }
        return answer;
    }

    /** Every {@link S3EndpointParams} field but {@link #IGNORED_PARAMS}; the test keeps the two lists in step. */
    record RuleInputs(String bucket, Region region, Boolean useFips, Boolean useDualStack, String endpoint,
            Boolean forcePathStyle, Boolean accelerate, Boolean useGlobalEndpoint, Boolean useObjectLambdaEndpoint,
            Boolean disableAccessPoints, Boolean disableMultiRegionAccessPoints, Boolean useArnRegion,
            Boolean useS3ExpressControlEndpoint, Boolean disableS3ExpressSessionAuth) {

        static RuleInputs of(S3EndpointParams params) {
            return new RuleInputs(params.bucket(), params.region(), params.useFips(), params.useDualStack(),
                    params.endpoint(), params.forcePathStyle(), params.accelerate(), params.useGlobalEndpoint(),
                    params.useObjectLambdaEndpoint(), params.disableAccessPoints(),
                    params.disableMultiRegionAccessPoints(), params.useArnRegion(),
                    params.useS3ExpressControlEndpoint(), params.disableS3ExpressSessionAuth());
        }
    }
}
