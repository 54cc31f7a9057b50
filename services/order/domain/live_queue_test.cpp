#include "order/domain/live_queue.hpp"

#include <gtest/gtest.h>

namespace shop::order {
namespace {

using Wake = LiveQueue::Wake;
using Verdict = LiveQueue::Verdict;

// Rows first..last (seq), as the feed reads them.
std::vector<LiveMessage> Rows(std::int64_t first, std::int64_t last) {
  std::vector<LiveMessage> rows;
  for (std::int64_t seq = first; seq <= last; ++seq) {
    rows.push_back({.seq = seq, .json = std::to_string(seq)});
  }
  return rows;
}

std::vector<std::int64_t> PopAll(LiveQueue& queue) {
  std::vector<std::int64_t> seqs;
  while (auto message = queue.Pop()) {
    seqs.push_back(message->seq);
  }
  return seqs;
}

TEST(LiveQueueTest, NewRowsAreQueuedInOrderAndMoveTheCursor) {
  LiveQueue queue(10, false, 8);
  EXPECT_EQ(queue.RowsToRead(Wake::kNewRows), 9u) << "one more than fits";
  EXPECT_EQ(queue.RowsToRead(Wake::kDrained), 0u) << "nothing waits in the table";
  EXPECT_EQ(queue.Accept(Wake::kNewRows, Rows(11, 13), 9), Verdict::kQueued);
  EXPECT_EQ(queue.Cursor(), 13);
  EXPECT_FALSE(queue.Behind());
  EXPECT_EQ(PopAll(queue), (std::vector<std::int64_t>{11, 12, 13}));
}

TEST(LiveQueueTest, RowsAtOrBelowTheCursorAreNeverQueuedTwice) {
  LiveQueue queue(10, false, 8);
  queue.Accept(Wake::kNewRows, Rows(9, 12), 9);
  EXPECT_EQ(PopAll(queue), (std::vector<std::int64_t>{11, 12}));
}

TEST(LiveQueueTest, MoreNewRowsThanFitWhileMessagesWaitIsAnOverflow) {
  LiveQueue queue(0, false, 8);
  ASSERT_EQ(queue.Accept(Wake::kNewRows, Rows(1, 6), 9), Verdict::kQueued);
  EXPECT_EQ(queue.RowsToRead(Wake::kNewRows), 3u);
  EXPECT_EQ(queue.Accept(Wake::kNewRows, Rows(7, 9), 3), Verdict::kOverflow);
  EXPECT_EQ(queue.Size(), 0u) << "an overflowing socket's messages are dropped";
  EXPECT_EQ(queue.RowsToRead(Wake::kNewRows), 0u) << "and it takes nothing more";
  EXPECT_EQ(queue.Accept(Wake::kNewRows, Rows(10, 10), 1), Verdict::kOverflow);
}

TEST(LiveQueueTest, AFullQueueOverflowsOnTheNextNewRow) {
  LiveQueue queue(0, false, 4);
  ASSERT_EQ(queue.Accept(Wake::kNewRows, Rows(1, 4), 5), Verdict::kQueued);
  EXPECT_EQ(queue.RowsToRead(Wake::kNewRows), 1u);
  EXPECT_EQ(queue.Accept(Wake::kNewRows, {}, 1), Verdict::kQueued) << "no new row: still fine";
  EXPECT_EQ(queue.Accept(Wake::kNewRows, Rows(5, 5), 1), Verdict::kOverflow);
}

TEST(LiveQueueTest, ABurstLargerThanAnEmptyQueueIsReadAsABacklog) {
  LiveQueue queue(0, false, 4);
  ASSERT_EQ(queue.Accept(Wake::kNewRows, Rows(1, 5), 5), Verdict::kQueued);
  EXPECT_EQ(queue.Size(), 4u);
  EXPECT_TRUE(queue.Behind());
  EXPECT_EQ(queue.Cursor(), 4) << "row 5 stays in the table";
  EXPECT_EQ(queue.RowsToRead(Wake::kNewRows), 0u) << "a backlog ignores notifications";
  EXPECT_EQ(queue.Accept(Wake::kNewRows, Rows(5, 9), 5), Verdict::kQueued) << "never an overflow";
  EXPECT_EQ(queue.Size(), 4u);
}

TEST(LiveQueueTest, ABacklogIsReadPageByPageAsTheQueueDrains) {
  LiveQueue queue(100, true, 4);
  EXPECT_EQ(queue.RowsToRead(Wake::kDrained), 5u);
  ASSERT_EQ(queue.Accept(Wake::kDrained, Rows(101, 105), 5), Verdict::kQueued);
  EXPECT_TRUE(queue.Behind());
  EXPECT_EQ(queue.RowsToRead(Wake::kDrained), 0u) << "full";
  EXPECT_FALSE(queue.TakeRefillRequest());
  queue.Pop();
  EXPECT_FALSE(queue.TakeRefillRequest()) << "3 left: more than half";
  queue.Pop();
  EXPECT_TRUE(queue.TakeRefillRequest());
  EXPECT_FALSE(queue.TakeRefillRequest()) << "asked once";
  EXPECT_EQ(queue.RowsToRead(Wake::kDrained), 3u);
  ASSERT_EQ(queue.Accept(Wake::kDrained, Rows(105, 106), 3), Verdict::kQueued);
  EXPECT_FALSE(queue.Behind()) << "a short page reached the end of the table";
  EXPECT_EQ(PopAll(queue), (std::vector<std::int64_t>{103, 104, 105, 106}));
  EXPECT_FALSE(queue.TakeRefillRequest());
}

TEST(LiveQueueTest, NeverHoldsMoreThanTheLimit) {
  LiveQueue queue(0, true, kLiveQueueLimit);
  EXPECT_EQ(queue.RowsToRead(Wake::kDrained), kLiveQueueLimit + 1);
  queue.Accept(Wake::kDrained, Rows(1, 1000), 1000);
  EXPECT_EQ(queue.Size(), kLiveQueueLimit);
  EXPECT_EQ(queue.Cursor(), static_cast<std::int64_t>(kLiveQueueLimit));
}

TEST(LiveQueueTest, APageReadInFullLeavesTheQueueBehindEvenWhenItAllFits) {
  LiveQueue queue(0, true, 4);
  ASSERT_EQ(queue.RowsToRead(Wake::kDrained), 5u);
  ASSERT_EQ(queue.Accept(Wake::kDrained, Rows(1, 5), 5), Verdict::kQueued);
  queue.Pop();
  queue.Pop();
  EXPECT_TRUE(queue.TakeRefillRequest());
  ASSERT_EQ(queue.RowsToRead(Wake::kDrained), 3u);
  // The writer empties the queue while the page is read: all of it fits when it comes, but three
  // asked and three read means the table may hold more.
  queue.Pop();
  queue.Pop();
  ASSERT_EQ(queue.Accept(Wake::kDrained, Rows(5, 7), 3), Verdict::kQueued);
  EXPECT_TRUE(queue.Behind());
  EXPECT_EQ(PopAll(queue), (std::vector<std::int64_t>{5, 6, 7}));
  EXPECT_TRUE(queue.TakeRefillRequest());
  ASSERT_EQ(queue.Accept(Wake::kDrained, {}, 5), Verdict::kQueued);
  EXPECT_FALSE(queue.Behind()) << "an empty read reached the end";
}

}  // namespace
}  // namespace shop::order
