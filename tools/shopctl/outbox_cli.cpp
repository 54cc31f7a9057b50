// The `outbox` and `consumers` subcommands' flags; the commands are in outbox_commands.cpp and
// lag_command.cpp.
#include <iostream>

#include "shopctl/cli_state.hpp"
#include "shopctl/exit_codes.hpp"
#include "shopctl/lag_command.hpp"
#include "shopctl/outbox_commands.hpp"
#include "shopctl/outbox_parking.hpp"

namespace shop::shopctl {
namespace {

void AddDatabaseFlags(CLI::App* cmd, CliState& s, bool service_required) {
  CLI::Option* service = cmd->add_option(
      "--service", s.service, "auth, category, product, cart, order, payment or delivery");
  if (service_required) {
    service->required();
  }
  cmd->add_option("--database-url", s.database_url,
                  "libpq URI (default: env SHOP_<SERVICE>_DATABASE_URL)");
}

std::vector<ServiceDatabase> DatabasesOf(CLI::App* cmd, const CliState& s) {
  return ResolveDatabases(Given(cmd->get_option("--service"), s.service),
                          Given(cmd->get_option("--database-url"), s.database_url), Env);
}

void AddRepublish(CLI::App* outbox, CliState& s) {
  CLI::App* republish =
      outbox->add_subcommand("republish", "re-send retained (published) events of a service");
  AddDatabaseFlags(republish, s, true);
  AddKafkaFlags(*republish, s);
  CLI::Option* since = republish->add_option("--since", s.since, "created at or after");
  CLI::Option* id = republish->add_option("--event-id", s.event_id, "one event id (ce_id)");
  CLI::Option* type = republish->add_option("--type", s.type, "one event type");
  republish->add_flag("--dry-run", s.dry_run, "print what would be sent, send nothing");
  republish->callback([&s, republish, since, id, type] {
    if (since->count() + id->count() + type->count() == 0) {
      throw UsageError("choose at least one of --since, --event-id or --type");
    }
    const RepublishFilter filter{.since = GivenTime(since, s.since, s.now),
                                 .event_id = Given(id, s.event_id),
                                 .type = Given(type, s.type)};
    s.result =
        OutboxRepublish(s.Kafka(), DatabasesOf(republish, s).front(), filter, s.dry_run, std::cout);
  });
}

void AddParking(CLI::App* outbox, CliState& s) {
  CLI::App* parked = outbox->add_subcommand(
      "parked", "rows the relay parked (Kafka refuses them) and the rows held behind them");
  AddDatabaseFlags(parked, s, false);
  parked->add_flag("--json", s.json, "one JSON object per line");
  parked->callback([&s, parked] {
    s.result = OutboxParked(DatabasesOf(parked, s), s.json, std::cout, std::cerr);
  });

  CLI::App* retry = outbox->add_subcommand(
      "retry", "re-queue parked rows once the cause is fixed (run with --dry-run first)");
  AddDatabaseFlags(retry, s, true);
  retry->add_option("--id", s.retry.ids, "a parked row: every parked row of its key is re-queued");
  retry->add_option("--key", s.retry.keys, "a key (aggregate id) whose parked rows are re-queued");
  retry->add_flag("--all", s.retry.all, "every parked row of the service");
  retry->add_flag("--dry-run", s.dry_run, "print what would be re-queued, change nothing");
  retry->callback([&s, retry] {
    s.result = OutboxRetry(DatabasesOf(retry, s).front(), s.retry, s.dry_run, std::cout);
  });
}

}  // namespace

void AddOutboxCommands(CLI::App& app, CliState& s) {
  CLI::App* outbox = app.add_subcommand("outbox", "the services' transactional outboxes");
  outbox->require_subcommand(1);
  CLI::App* status = outbox->add_subcommand("status", "pending rows and publishing per service");
  AddDatabaseFlags(status, s, false);
  status->add_flag("--json", s.json, "one JSON object per line");
  status->callback([&s, status] {
    s.result = OutboxStatus(DatabasesOf(status, s), s.json, std::cout, std::cerr);
  });
  AddRepublish(outbox, s);
  AddParking(outbox, s);
}

void AddConsumersCommands(CLI::App& app, CliState& s) {
  CLI::App* consumers = app.add_subcommand("consumers", "consumer groups");
  consumers->require_subcommand(1);
  CLI::App* lag = consumers->add_subcommand("lag", "lag per partition of every consumer group");
  CLI::Option* group = lag->add_option("--group", s.group, "only this group");
  lag->add_flag("--json", s.json, "one JSON object per line");
  AddKafkaFlags(*lag, s);
  lag->callback([&s, group] {
    s.result = ConsumersLag(s.Kafka(), Given(group, s.group), s.json, std::cout);
  });
}

}  // namespace shop::shopctl
