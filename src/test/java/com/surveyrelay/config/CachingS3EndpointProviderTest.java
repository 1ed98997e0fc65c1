package com.surveyrelay.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.endpoints.Endpoint;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointParams;
import software.amazon.awssdk.services.s3.endpoints.S3EndpointProvider;

/**
 * The S3 endpoint rules' answers, kept per bucket and setting: the same answer as the SDK's own provider, asked of
 * the rules once per bucket whatever the key, never kept when the rules refused, and a cache key that covers every
 * parameter the rules read (so an SDK upgrade that adds one fails here rather than sending requests astray).
 */
class CachingS3EndpointProviderTest {

    private static final S3EndpointProvider RULES = S3EndpointProvider.defaultProvider();

    /** The settings this service runs with: real S3 in a region, and path-style to an S3-compatible server. */
    private static final List<UnaryOperator<S3EndpointParams.Builder>> SETTINGS = List.of(
            params -> params.region(Region.EU_WEST_3),
            params -> params.region(Region.US_EAST_1),
            params -> params.region(Region.US_EAST_1).useFips(true),
            params -> params.region(Region.EU_WEST_3).useDualStack(true),
            params -> params.region(Region.EU_WEST_3).forcePathStyle(true),
            params -> params.region(Region.EU_WEST_3).endpoint("http://127.0.0.1:9090").forcePathStyle(true));

    /** The SDK's rules, counting in {@code asked} each time they are asked. */
    private static S3EndpointProvider countingRules(AtomicInteger asked) {
        return params -> {
            asked.incrementAndGet();
            return RULES.resolveEndpoint(params);
        };
    }

    @Test
    void answersAsTheSdksRulesDoForEachSettingThisServiceUses() {
        CachingS3EndpointProvider cached = new CachingS3EndpointProvider(RULES);
        for (UnaryOperator<S3EndpointParams.Builder> setting : SETTINGS) {
            for (int i = 0; i < 2; i++) {
                S3EndpointParams params = setting.apply(S3EndpointParams.builder().bucket("survey-relay")
                        .key("survey-results/15551230001/s" + i + ".json")).build();
                assertThat(cached.resolveEndpoint(params).join()).isEqualTo(RULES.resolveEndpoint(params).join());
            }
        }
    }

    @Test
    void theRulesDoNotReadTheParametersTheCacheKeyLeavesOut() {
        for (UnaryOperator<S3EndpointParams.Builder> setting : SETTINGS) {
            S3EndpointParams bare = setting.apply(S3EndpointParams.builder().bucket("survey-relay")).build();
            S3EndpointParams full = setting.apply(S3EndpointParams.builder().bucket("survey-relay")
                    .key("open-sessions/15551230001/x").prefix("open-sessions/").copySource("other/key.json")
                    .deleteObjectKeys(List.of("a", "b"))).build();
            assertThat(RULES.resolveEndpoint(full).join()).isEqualTo(RULES.resolveEndpoint(bare).join());
        }
    }

    @Test
    void theCacheKeyHoldsEveryParameterTheRulesTakeButTheIgnoredOnes() {
        Set<String> params = Arrays.stream(S3EndpointParams.class.getDeclaredFields())
                .filter(field -> !Modifier.isStatic(field.getModifiers())).map(field -> field.getName().toLowerCase())
                .collect(Collectors.toSet());
        // Compared without case: the SDK spells a field useFIPS and its accessor useFips.
        Set<String> covered = Stream.concat(Arrays.stream(CachingS3EndpointProvider.RuleInputs.class
                        .getRecordComponents()).map(RecordComponent::getName),
                CachingS3EndpointProvider.IGNORED_PARAMS.stream()).map(String::toLowerCase).collect(Collectors.toSet());
        assertThat(covered).isEqualTo(params);
    }

    @Test
    void asksTheRulesOncePerBucketWhateverTheKey() {
        AtomicInteger asked = new AtomicInteger();
        CachingS3EndpointProvider cached = new CachingS3EndpointProvider(countingRules(asked));
        for (int i = 0; i < 5; i++) {
            cached.resolveEndpoint(S3EndpointParams.builder().region(Region.EU_WEST_3).bucket("survey-relay")
                    .key("survey-results/15551230001/s" + i + ".json").build()).join();
        }
        assertThat(asked).hasValue(1);
        cached.resolveEndpoint(S3EndpointParams.builder().region(Region.EU_WEST_3).bucket("survey-results").build())
                .join();
        cached.resolveEndpoint(S3EndpointParams.builder().region(Region.US_EAST_1).bucket("survey-relay").build())
                .join();
        cached.resolveEndpoint(S3EndpointParams.builder().region(Region.EU_WEST_3).bucket("survey-relay")
                .forcePathStyle(true).build()).join();
        assertThat(asked).hasValue(4);
    }

    @Test
    void aRefusalIsNotKeptSoEachRequestGetsTheRulesOwnError() {
        AtomicInteger asked = new AtomicInteger();
        CachingS3EndpointProvider cached = new CachingS3EndpointProvider(countingRules(asked));
        // An endpoint that is not a URL: the rules refuse it.
        S3EndpointParams refused = S3EndpointParams.builder().region(Region.EU_WEST_3).bucket("survey-relay")
                .endpoint("not a url").build();
        for (int i = 0; i < 2; i++) {
            CompletableFuture<Endpoint> answer = cached.resolveEndpoint(refused);
            assertThatThrownBy(answer::join).isInstanceOf(CompletionException.class)
                    .hasCauseInstanceOf(SdkClientException.class);
        }
        assertThat(asked).hasValue(2);
    }
}
