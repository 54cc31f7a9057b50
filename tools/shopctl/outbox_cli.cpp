// The `outbox` and `consumers` subcommands' flags; the commands are in outbox_commands.cpp and
// lag_command.cpp.
#include <iostream>

#include "cli_state.hpp"
#include "exit_codes.hpp"
#include "lag_command.hpp"
#include "outbox_commands.hpp"

namespace shop::shopctl {
namespace {

void AddDatabaseFlags(CLI::App* cmd, CliState& s, bool service_required) {
  CLI::Option* service =
      cmd->add_option("--service", s.service, "auth, category, product, cart or order");
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
