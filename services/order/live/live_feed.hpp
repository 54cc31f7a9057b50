#pragma once
// The live order-status feed of one order-service instance (docs/decisions/0034): the sockets it
// holds, by user, and the thread that fills their queues from order_timeline.
//
// Every message comes from the table: a socket's queue (domain/live_queue.hpp) keeps the last seq
// it took, and the feed reads the user's rows after it whenever
//  - the timeline listener reports new rows of the user (NewRowsFor: a NOTIFY of
//    migrations/V005), or of anyone (NewRowsForEveryone: it has just (re)connected and may have
//    missed notifications);
//  - a socket subscribes (its first read: a resume's backlog, or rows committed between the
//    route's look-up of the user's last seq and the subscription);
//  - a socket's backlog queue has drained to half (Drained).
// Requests for one socket are merged while they wait; one thread (Run) serves them in turn, so
// the reads of one socket never overlap. A read that fails (database away) is retried a second
// later. A queue that overflows is marked; its socket closes with 1008 "send queue full" and the
// overflow is counted in order_live_send_queue_full_total.
//
// Thread-safe. Subscribers are shared with their sockets (IO threads); `wake` is called from the
// feed's thread after each read that changed the subscriber (messages queued, or an overflow).

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "order/domain/live_queue.hpp"
#include "platform/db/pool.hpp"
#include "platform/metrics/registry.hpp"

namespace shop::order {

// One socket's queue, shared by the socket (Next) and the feed.
class LiveSubscriber {
 public:
  LiveSubscriber(std::string user_id, LiveQueue queue, std::function<void()> wake);

  const std::string& user_id() const { return user_id_; }

  struct Next {
    std::optional<LiveMessage> message;  // the next message to write, if any
    bool overflowed = false;             // close with 1008 "send queue full"
    bool wants_refill = false;           // ask the feed for the next backlog page (Drained)
  };
  // For the socket's writer.
  Next TakeNext();

 private:
  friend class LiveFeed;

  const std::string user_id_;
  const std::function<void()> wake_;
  std::mutex mutex_;
  LiveQueue queue_;
  bool overflowed_ = false;
  // Guarded by the feed's mutex: wakes waiting for the feed; false once unsubscribed.
  unsigned pending_ = 0;
  bool subscribed_ = true;
};

class LiveFeed {
 public:
  LiveFeed(db::ConnectionPool& pool, metrics::Registry& metrics,
           std::chrono::milliseconds retry_every = std::chrono::seconds(1));
  LiveFeed(const LiveFeed&) = delete;
  LiveFeed& operator=(const LiveFeed&) = delete;

  // A socket of `user_id` whose client has every row up to `cursor`; `backlog`: rows after it are
  // to be sent (?after=). Its first read is requested at once.
  std::shared_ptr<LiveSubscriber> Subscribe(const std::string& user_id, std::int64_t cursor,
                                            bool backlog, std::function<void()> wake);
  void Unsubscribe(const std::shared_ptr<LiveSubscriber>& subscriber);

  void NewRowsFor(const std::string& user_id);
  void NewRowsForEveryone();
  void Drained(const std::shared_ptr<LiveSubscriber>& subscriber);

  // Serves requests until Stop().
  void Run();
  void Stop();

  std::size_t Subscribers() const;

 private:
  void Request(const std::shared_ptr<LiveSubscriber>& subscriber, LiveQueue::Wake wake);
  // Reads and hands over the rows `wake` asks for; false when the read failed.
  bool Serve(LiveSubscriber& subscriber, LiveQueue::Wake wake);

  db::ConnectionPool& pool_;
  metrics::Counter& overflows_;
  const std::chrono::milliseconds retry_every_;

  mutable std::mutex mutex_;
  std::condition_variable changed_;
  std::multimap<std::string, std::shared_ptr<LiveSubscriber>> by_user_;
  std::deque<std::shared_ptr<LiveSubscriber>> work_;
  bool stopping_ = false;
};

}  // namespace shop::order
