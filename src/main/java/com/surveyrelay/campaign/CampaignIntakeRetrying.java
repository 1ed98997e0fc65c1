package com.surveyrelay.campaign;

import org.apache.camel.Exchange;
import org.apache.camel.Processor;
import org.apache.camel.component.aws2.s3.AWS2S3Constants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@code campaign-intake-retries} route configuration's {@code onRedelivery}: before each new try of a campaign
 * file whose recording met storage failing, one WARN naming the file (numbers in its name masked, as every campaign
 * log line does), the try and S3's failure, without a stack trace. Camel's own retry line named the exchange's id
 * alone ("Failed delivery for (MessageId: 6E04...)"), so an operator could not tell which file waited until the
 * last, a minute later (an operator's probe, 2026-12-07); it is at DEBUG now.
 */
@Component("campaignIntakeRetrying")
public class CampaignIntakeRetrying implements Processor {

    private static final Logger LOG = LoggerFactory.getLogger(CampaignIntake.class);

    @Override
    public void process(Exchange exchange) {
        String path = exchange.getIn().getHeader(Exchange.FILE_NAME, String.class);
        if (path == null) {
            path = exchange.getIn().getHeader(AWS2S3Constants.KEY, String.class);
        }
        String name = CampaignId.withNumbersMasked(CampaignIntake.shownName(CampaignIntake.displayName(path)));
        Integer tries = exchange.getIn().getHeader(Exchange.REDELIVERY_COUNTER, Integer.class);
        Integer most = exchange.getIn().getHeader(Exchange.REDELIVERY_MAX_COUNTER, Integer.class);
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        LOG.warn("Campaign file {} not recorded yet: storage failing ({}); try {}{} now", name,
                failure == null ? "no detail" : failure.getClass().getSimpleName() + ": " + failure.getMessage(),
                tries == null ? "again" : tries + 1, most == null ? "" : " of " + (most + 1));
    }
}
