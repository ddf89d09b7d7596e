package io.meterflow.cli;

import io.meterflow.config.MeterflowConfig;
import io.meterflow.notify.NotificationConsumer;
import io.meterflow.notify.WebhookDeliverer;
import io.meterflow.sink.DeliveryLog;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code ./meterflow notify}: the webhook deliverer, a process of its own rather than part of {@code run}:
 * a slow or unreachable receiver then never holds back the job's checkpoints, and delivery restarts,
 * scales and is upgraded independently; the transactional notifications topic is the hand-off.
 */
@Command(name = "notify", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Deliver threshold and reset notifications to the configured webhooks (runs until stopped).")
final class NotifyCommand implements Callable<Integer> {
    @Mixin
    ConfigFileOption config;

    @Override
    public Integer call() {
        MeterflowConfig c = ConfigFile.load(config.path()).config();
        if (c.notifications().rules().isEmpty()) {
            throw new CliException("no notifications.rules in " + config.path() + ": nothing to deliver");
        }
        AtomicBoolean stop = new AtomicBoolean();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> stop.set(true), "meterflow-notify-stop"));
        try (WebhookDeliverer deliverer = new WebhookDeliverer(c.notifications().delivery(),
                new DeliveryLog(c.postgres().connectionSettings()), Clock.systemUTC())) {
            new NotificationConsumer(c.notifications(), deliverer, Services.kafkaProperties(c)).run(stop::get);
        }
        return 0;
    }
}
