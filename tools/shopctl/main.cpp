// shopctl, the operator's CLI: dead-letter inspection and replay, outbox status and republish,
// consumer lag. This file only declares the command line (CLI11) and dispatches; every command
// lives in its own file. Exit codes: 0 success, 1 partial failure, 2 usage error, 3 cannot
// connect (exit_codes.hpp).
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <iostream>

#include "dlq_commands.hpp"
#include "exit_codes.hpp"
#include "lag_command.hpp"
#include "outbox_commands.hpp"
#include "time_arg.hpp"

namespace shop::shopctl {
namespace {

struct TextFlags {
  std::string since, until, topic, error_class;
};

std::optional<std::string> Env(const std::string& name) {
  const char* value = std::getenv(name.c_str());
  return value != nullptr && *value != '\0' ? std::optional<std::string>(value) : std::nullopt;
}

// The same variables are bound by several subcommands, so no CLI11 default_val or envname here
// (CLI11 applies those per option, and another subcommand's option would overwrite a given flag):
// the defaults and the environment are resolved once in KafkaFrom.
void AddKafkaFlags(CLI::App& app, std::string& bootstrap, int& timeout_s) {
  app.add_option(
      "--bootstrap", bootstrap,
      "Kafka bootstrap servers (default: env SHOP_KAFKA_BOOTSTRAP, else 127.0.0.1:9092)");
  app.add_option("--timeout", timeout_s, "seconds to wait for the broker (default 10)")
      ->check(CLI::Range(1, 3600));
}

KafkaSettings KafkaFrom(const std::string& bootstrap, int timeout_s) {
  return KafkaSettings{
      .bootstrap = !bootstrap.empty()
                       ? bootstrap
                       : Env("SHOP_KAFKA_BOOTSTRAP").value_or(std::string("127.0.0.1:9092")),
      .timeout = std::chrono::seconds(timeout_s > 0 ? timeout_s : 10)};
}

std::optional<std::string> Given(const CLI::Option* option, const std::string& value) {
  return option->count() > 0 ? std::optional(value) : std::nullopt;
}

std::optional<TimePoint> GivenTime(const CLI::Option* option, const std::string& value,
                                   TimePoint now) {
  if (option->count() == 0) {
    return std::nullopt;
  }
  return ParseTimeArg(option->get_name(), value, now);
}

int Run(int argc, char** argv) {
  CLI::App app{"shopctl: the shop operator's CLI (dead letters, outbox, consumer lag)", "shopctl"};
  app.require_subcommand(1);
  std::string bootstrap;
  int timeout_s = 0;
  std::optional<int> result;
  const auto now = std::chrono::system_clock::now();
  const auto kafka = [&] { return KafkaFrom(bootstrap, timeout_s); };

  // dlq ------------------------------------------------------------------------------------------
  CLI::App* dlq = app.add_subcommand("dlq", "inspect and replay a consumer group's dead letters");
  dlq->require_subcommand(1);
  std::string group;
  TextFlags text;
  std::int64_t offset = 0, from_offset = 0, to_offset = 0;
  std::size_t limit = 0;
  bool json = false;

  const auto add_filters = [&](CLI::App* cmd) {
    cmd->add_option("--group", group, "consumer group (reads <group>.dlq)")->required();
    AddKafkaFlags(*cmd, bootstrap, timeout_s);
    return std::array<CLI::Option*, 4>{
        cmd->add_option("--topic", text.topic, "only messages from this original topic"),
        cmd->add_option("--error-class", text.error_class,
                        "only this error class (permanent, decode, unknown_type, transient)"),
        cmd->add_option("--since", text.since, "dead-lettered at or after (RFC 3339 or 15m/2h/7d)"),
        cmd->add_option("--until", text.until, "dead-lettered before (RFC 3339 or 15m/2h/7d)")};
  };
  const auto selection = [&](const std::array<CLI::Option*, 4>& f) {
    DlqSelection s;
    s.original_topic = Given(f[0], text.topic);
    s.error_class = Given(f[1], text.error_class);
    s.since = GivenTime(f[2], text.since, now);
    s.until = GivenTime(f[3], text.until, now);
    return s;
  };

  CLI::App* list = dlq->add_subcommand("list", "list dead letters as a table (or JSON lines)");
  const auto list_filters = add_filters(list);
  CLI::Option* limit_opt =
      list->add_option("--limit", limit, "only the newest N")->check(CLI::PositiveNumber);
  list->add_flag("--json", json, "one JSON object per line");
  list->callback([&] {
    DlqListOptions options{
        .group = group, .selection = selection(list_filters), .limit = {}, .json = json};
    if (limit_opt->count() > 0) {
      options.limit = limit;
    }
    result = DlqList(kafka(), options, std::cout);
  });

  CLI::App* show = dlq->add_subcommand("show", "every header, the payload and the error");
  show->add_option("--group", group, "consumer group (reads <group>.dlq)")->required();
  show->add_option("--offset", offset, "DLQ offset")->required();
  AddKafkaFlags(*show, bootstrap, timeout_s);
  show->callback([&] { result = DlqShow(kafka(), group, offset, std::cout); });

  CLI::App* stats = dlq->add_subcommand("stats", "counts by error class and original topic");
  stats->add_option("--group", group, "consumer group (reads <group>.dlq)")->required();
  stats->add_flag("--json", json, "one JSON object per line");
  AddKafkaFlags(*stats, bootstrap, timeout_s);
  stats->callback([&] { result = DlqStats(kafka(), group, json, std::cout); });

  CLI::App* replay = dlq->add_subcommand(
      "replay", "republish dead letters to <group>.retry (or their original topic)");
  const auto replay_filters = add_filters(replay);
  CLI::Option* offset_opt = replay->add_option("--offset", offset, "one DLQ offset");
  CLI::Option* from_opt = replay->add_option("--from-offset", from_offset, "first DLQ offset");
  CLI::Option* to_opt = replay->add_option("--to-offset", to_offset, "last DLQ offset");
  bool all = false, dry_run = false, force = false;
  replay->add_flag("--all", all, "every dead letter");
  std::string to = "retry";
  replay->add_option("--to", to, "retry (default) or original")
      ->check(CLI::IsMember({"retry", "original"}));
  double rate = 0;
  replay->add_option("--rate", rate, "messages per second (e.g. 100 or 100/s)")
      ->transform([](std::string value) {
        if (value.ends_with("/s")) {
          value.resize(value.size() - 2);
        }
        return value;
      })
      ->check(CLI::PositiveNumber);
  replay->add_flag("--dry-run", dry_run, "print what would be sent, send nothing");
  replay->add_flag("--force", force, "send even offsets the replay log says were replayed");
  std::string replay_log;
  replay->add_option("--replay-log", replay_log,
                     "replay-log topic (default: env SHOP_SHOPCTL_REPLAY_LOG, else "
                     "shopctl.replay-log)");
  replay->callback([&] {
    const bool range = from_opt->count() > 0 || to_opt->count() > 0;
    const int choices = (offset_opt->count() > 0) + range + (replay_filters[2]->count() > 0) + all;
    if (choices != 1) {
      throw UsageError(
          "choose exactly one of --offset, --from-offset/--to-offset, --since or --all");
    }
    if (range && (from_opt->count() == 0 || to_opt->count() == 0)) {
      throw UsageError("--from-offset and --to-offset go together");
    }
    if (replay_filters[3]->count() > 0 && replay_filters[2]->count() == 0) {
      throw UsageError("--until needs --since");
    }
    DlqReplayOptions options;
    options.selection = selection(replay_filters);
    if (offset_opt->count() > 0) {
      options.selection.offset = offset;
    }
    if (range) {
      options.selection.from_offset = from_offset;
      options.selection.to_offset = to_offset;
    }
    options.replay =
        ReplayOptions{.group = group,
                      .target = to == "original" ? ReplayTarget::kOriginal : ReplayTarget::kRetry,
                      .rate = rate,
                      .dry_run = dry_run,
                      .force = force};
    options.replay_log_topic =
        !replay_log.empty()
            ? replay_log
            : Env("SHOP_SHOPCTL_REPLAY_LOG").value_or(std::string("shopctl.replay-log"));
    result = DlqReplay(kafka(), options, std::cout, std::cerr);
  });

  // outbox ---------------------------------------------------------------------------------------
  CLI::App* outbox = app.add_subcommand("outbox", "the services' transactional outboxes");
  outbox->require_subcommand(1);
  std::string service, database_url, event_id, type;
  CLI::Option* service_opt = nullptr;
  CLI::Option* url_opt = nullptr;
  const auto add_db = [&](CLI::App* cmd, bool required) {
    service_opt = cmd->add_option("--service", service, "auth, category, product, cart or order");
    if (required) {
      service_opt->required();
    }
    url_opt = cmd->add_option("--database-url", database_url,
                              "libpq URI (default: env SHOP_<SERVICE>_DATABASE_URL)");
  };
  const auto databases = [&](CLI::App* cmd) {
    return ResolveDatabases(Given(cmd->get_option("--service"), service),
                            Given(cmd->get_option("--database-url"), database_url), Env);
  };

  CLI::App* status = outbox->add_subcommand("status", "pending rows and publishing per service");
  add_db(status, false);
  status->add_flag("--json", json, "one JSON object per line");
  status->callback([&] { result = OutboxStatus(databases(status), json, std::cout, std::cerr); });

  CLI::App* republish =
      outbox->add_subcommand("republish", "re-send retained (published) events of a service");
  add_db(republish, true);
  AddKafkaFlags(*republish, bootstrap, timeout_s);
  std::string since;
  CLI::Option* since_opt = republish->add_option("--since", since, "created at or after");
  CLI::Option* id_opt = republish->add_option("--event-id", event_id, "one event id (ce_id)");
  CLI::Option* type_opt = republish->add_option("--type", type, "one event type");
  republish->add_flag("--dry-run", dry_run, "print what would be sent, send nothing");
  republish->callback([&] {
    if (since_opt->count() + id_opt->count() + type_opt->count() == 0) {
      throw UsageError("choose at least one of --since, --event-id or --type");
    }
    const RepublishFilter filter{.since = GivenTime(since_opt, since, now),
                                 .event_id = Given(id_opt, event_id),
                                 .type = Given(type_opt, type)};
    result = OutboxRepublish(kafka(), databases(republish).front(), filter, dry_run, std::cout);
  });

  // consumers ------------------------------------------------------------------------------------
  CLI::App* consumers = app.add_subcommand("consumers", "consumer groups");
  consumers->require_subcommand(1);
  CLI::App* lag = consumers->add_subcommand("lag", "lag per partition of every consumer group");
  CLI::Option* group_opt = lag->add_option("--group", group, "only this group");
  lag->add_flag("--json", json, "one JSON object per line");
  AddKafkaFlags(*lag, bootstrap, timeout_s);
  lag->callback([&] { result = ConsumersLag(kafka(), Given(group_opt, group), json, std::cout); });

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    std::cerr << "shopctl: " << OneLine(e.what()) << " (see --help)\n";
    return static_cast<int>(ExitCode::kUsage);
  }
  return result.value_or(0);
}

}  // namespace
}  // namespace shop::shopctl

int main(int argc, char** argv) {
  try {
    return shop::shopctl::Run(argc, argv);
  } catch (const std::exception& e) {
    return shop::shopctl::ReportError(e, std::cerr);
  }
}
