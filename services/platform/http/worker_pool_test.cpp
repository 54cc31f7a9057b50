#include "platform/http/worker_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <latch>
#include <stdexcept>

namespace shop::http {
namespace {

TEST(WorkerPoolTest, SubmittedTasksRun) {
  WorkerPool pool(2, 16);
  std::latch done(10);
  std::atomic<int> ran{0};
  for (int i = 0; i < 10; ++i) {
    ASSERT_TRUE(pool.TrySubmit([&] {
      ++ran;
      done.count_down();
    }));
  }
  done.wait();
  EXPECT_EQ(ran.load(), 10);
}

TEST(WorkerPoolTest, FullQueueRejectsInsteadOfWaiting) {
  WorkerPool pool(1, 1);
  std::latch started(1);
  std::latch release(1);
  ASSERT_TRUE(pool.TrySubmit([&] {
    started.count_down();
    release.wait();
  }));
  started.wait();                      // the worker is busy, the queue is empty
  EXPECT_TRUE(pool.TrySubmit([] {}));  // fills the queue
  EXPECT_EQ(pool.QueueDepth(), 1u);
  EXPECT_FALSE(pool.TrySubmit([] {}));  // full: refused at once
  EXPECT_EQ(pool.Capacity(), 1u);
  release.count_down();
}

TEST(WorkerPoolTest, StopJoinsAndThenRejects) {
  WorkerPool pool(2, 4);
  std::latch done(1);
  ASSERT_TRUE(pool.TrySubmit([&] { done.count_down(); }));
  done.wait();
  pool.Stop();
  EXPECT_FALSE(pool.TrySubmit([] {}));
  pool.Stop();  // idempotent
}

TEST(WorkerPoolTest, AThrowingTaskDoesNotKillTheWorker) {
  WorkerPool pool(1, 4);
  std::latch done(1);
  ASSERT_TRUE(pool.TrySubmit([] { throw std::runtime_error("boom"); }));
  ASSERT_TRUE(pool.TrySubmit([&] { done.count_down(); }));
  done.wait();
}

}  // namespace
}  // namespace shop::http
