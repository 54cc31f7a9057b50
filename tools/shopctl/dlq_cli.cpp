// The `dlq` subcommands' flags and their validation; the commands are in dlq_commands.cpp.
#include <array>
#include <iostream>

#include "shopctl/cli_state.hpp"
#include "shopctl/dlq_commands.hpp"
#include "shopctl/exit_codes.hpp"

namespace shop::shopctl {
namespace {

using Filters = std::array<CLI::Option*, 4>;  // --topic, --error-class, --since, --until

void AddGroup(CLI::App* cmd, CliState& s) {
  cmd->add_option("--group", s.group, "consumer group (reads <group>.dlq)")->required();
  AddKafkaFlags(*cmd, s);
}

Filters AddFilters(CLI::App* cmd, CliState& s) {
  AddGroup(cmd, s);
  return {cmd->add_option("--topic", s.topic, "only messages from this original topic"),
          cmd->add_option("--error-class", s.error_class,
                          "only this error class (permanent, decode, unknown_type, transient)"),
          cmd->add_option("--since", s.since, "dead-lettered at or after (RFC 3339 or 15m/2h/7d)"),
          cmd->add_option("--until", s.until, "dead-lettered before (RFC 3339 or 15m/2h/7d)")};
}

DlqSelection SelectionOf(const Filters& f, const CliState& s) {
  DlqSelection selection;
  selection.original_topic = Given(f[0], s.topic);
  selection.error_class = Given(f[1], s.error_class);
  selection.since = GivenTime(f[2], s.since, s.now);
  selection.until = GivenTime(f[3], s.until, s.now);
  return selection;
}

void AddList(CLI::App* dlq, CliState& s) {
  CLI::App* list = dlq->add_subcommand("list", "list dead letters as a table (or JSON lines)");
  const Filters filters = AddFilters(list, s);
  CLI::Option* limit =
      list->add_option("--limit", s.limit, "only the newest N")->check(CLI::PositiveNumber);
  list->add_flag("--json", s.json, "one JSON object per line");
  list->callback([&s, filters, limit] {
    DlqListOptions options{
        .group = s.group, .selection = SelectionOf(filters, s), .limit = {}, .json = s.json};
    if (limit->count() > 0) {
      options.limit = s.limit;
    }
    s.result = DlqList(s.Kafka(), options, std::cout);
  });
}

void AddShowAndStats(CLI::App* dlq, CliState& s) {
  CLI::App* show = dlq->add_subcommand(
      "show", "every header, the payload (a `token` member masked) and the error");
  AddGroup(show, s);
  show->add_option("--offset", s.offset, "DLQ offset")->required();
  show->callback([&s] { s.result = DlqShow(s.Kafka(), s.group, s.offset, std::cout); });

  CLI::App* stats = dlq->add_subcommand("stats", "counts by error class and original topic");
  AddGroup(stats, s);
  stats->add_flag("--json", s.json, "one JSON object per line");
  stats->callback([&s] { s.result = DlqStats(s.Kafka(), s.group, s.json, std::cout); });
}

struct ReplayChoices {
  Filters filters{};
  CLI::Option* offset = nullptr;
  CLI::Option* from = nullptr;
  CLI::Option* to = nullptr;
};

DlqReplayOptions ReplayOptionsOf(const ReplayChoices& c, const CliState& s) {
  const bool range = c.from->count() > 0 || c.to->count() > 0;
  const bool since = c.filters[2]->count() > 0;
  if ((c.offset->count() > 0) + range + since + s.all != 1) {
    throw UsageError("choose exactly one of --offset, --from-offset/--to-offset, --since or --all");
  }
  if (range && (c.from->count() == 0 || c.to->count() == 0)) {
    throw UsageError("--from-offset and --to-offset go together");
  }
  if (c.filters[3]->count() > 0 && !since) {
    throw UsageError("--until needs --since");
  }
  DlqReplayOptions options;
  options.selection = SelectionOf(c.filters, s);
  if (c.offset->count() > 0) {
    options.selection.offset = s.offset;
  }
  if (range) {
    options.selection.from_offset = s.from_offset;
    options.selection.to_offset = s.to_offset;
  }
  options.replay =
      ReplayOptions{.group = s.group,
                    .target = s.to == "original" ? ReplayTarget::kOriginal : ReplayTarget::kRetry,
                    .rate = s.rate,
                    .dry_run = s.dry_run,
                    .force = s.force};
  options.replay_log_topic =
      !s.replay_log.empty()
          ? s.replay_log
          : Env("SHOP_SHOPCTL_REPLAY_LOG").value_or(std::string("shopctl.replay-log"));
  return options;
}

void AddReplay(CLI::App* dlq, CliState& s) {
  CLI::App* replay = dlq->add_subcommand(
      "replay", "republish dead letters to <group>.retry (or their original topic)");
  ReplayChoices choices;
  choices.filters = AddFilters(replay, s);
  choices.offset = replay->add_option("--offset", s.offset, "one DLQ offset");
  choices.from = replay->add_option("--from-offset", s.from_offset, "first DLQ offset");
  choices.to = replay->add_option("--to-offset", s.to_offset, "last DLQ offset");
  replay->add_flag("--all", s.all, "every dead letter");
  replay->add_option("--to", s.to, "retry (default) or original")
      ->check(CLI::IsMember({"retry", "original"}));
  replay->add_option("--rate", s.rate, "messages per second (e.g. 100 or 100/s)")
      ->transform([](std::string value) {
        if (value.ends_with("/s")) {
          value.resize(value.size() - 2);
        }
        return value;
      })
      ->check(CLI::PositiveNumber);
  replay->add_flag("--dry-run", s.dry_run, "print what would be sent, send nothing");
  replay->add_flag("--force", s.force, "send even offsets the replay log says were replayed");
  replay->add_option("--replay-log", s.replay_log,
                     "replay-log topic (default: env SHOP_SHOPCTL_REPLAY_LOG, else "
                     "shopctl.replay-log)");
  replay->callback([&s, choices] {
    s.result = DlqReplay(s.Kafka(), ReplayOptionsOf(choices, s), std::cout, std::cerr);
  });
}

}  // namespace

void AddDlqCommands(CLI::App& app, CliState& state) {
  CLI::App* dlq = app.add_subcommand("dlq", "inspect and replay a consumer group's dead letters");
  dlq->require_subcommand(1);
  AddList(dlq, state);
  AddShowAndStats(dlq, state);
  AddReplay(dlq, state);
}

}  // namespace shop::shopctl
