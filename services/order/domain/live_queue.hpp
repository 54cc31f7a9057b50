#pragma once
// The bounded send queue of one live socket and when it is fed, closed or refilled
// (docs/decisions/0034). Pure: the feed (live/live_feed.hpp) holds it under a mutex, reads rows
// from order_timeline after Cursor() and hands them to Accept; the socket's writer Pops.
//
// The table is the source of every message; the queue is only a window onto it:
//  - Cursor() is the highest seq taken from the table; rows are read `seq > Cursor()` in seq
//    order, so nothing is sent twice and nothing is skipped (a user's rows commit in seq order:
//    migrations/V005).
//  - kNewRows (a notification: the user has new rows): read up to Room() + 1 rows. All fit: queued.
//    More than fit while messages still wait in the queue: the client does not keep up -> kOverflow
//    (the socket closes with 1008 "send queue full"; the client resumes with ?after=<last seq>).
//    More than fit into an empty queue (a burst larger than the queue): the queue fills and the
//    rest is read as it drains, as a backlog.
//  - Backlog (a resume with ?after=, or a burst): "behind"; notifications are then ignored (the
//    next read finds their rows), and kDrained reads the next page once the writer has taken the
//    queue down to half of the limit.
//  - At most `limit` messages are ever held.

#include <cstddef>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <vector>

namespace shop::order {

inline constexpr std::size_t kLiveQueueLimit = 256;

struct LiveMessage {
  std::int64_t seq = 0;
  std::string json;
};

class LiveQueue {
 public:
  enum class Wake { kNewRows, kDrained };
  enum class Verdict { kQueued, kOverflow };

  // `cursor`: the last seq the client has (rows after it are sent). `backlog`: rows after the
  // cursor are already waiting in the table (a resume), so the first read is a backlog page.
  LiveQueue(std::int64_t cursor, bool backlog, std::size_t limit = kLiveQueueLimit);

  std::int64_t Cursor() const { return cursor_; }
  std::size_t Size() const { return queue_.size(); }
  bool Behind() const { return behind_; }

  // How many rows to read after Cursor() for `wake`; 0: none now.
  std::size_t RowsToRead(Wake wake) const;
  // The rows read for `wake`: `asked` was RowsToRead(wake) (the writer may have taken messages
  // since); rows come in seq order, those at or below the cursor are dropped. As many as fit are
  // queued; fewer than asked means the table had no more. kOverflow leaves the queue empty and
  // takes nothing more.
  Verdict Accept(Wake wake, std::vector<LiveMessage> rows, std::size_t asked);

  std::optional<LiveMessage> Pop();
  // True once each time the queue, behind, has drained to half of the limit: the feed should
  // then read the next page (kDrained).
  bool TakeRefillRequest();

 private:
  std::size_t Room() const { return limit_ - queue_.size(); }

  const std::size_t limit_;
  // A list: an empty one allocates nothing, where libstdc++'s empty deque holds ~600 bytes (a
  // map and a first block), which every idle socket would keep.
  std::list<LiveMessage> queue_;
  std::int64_t cursor_;
  bool behind_;
  bool refill_requested_ = false;
  bool overflowed_ = false;
};

}  // namespace shop::order
