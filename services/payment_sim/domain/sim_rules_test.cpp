#include "payment_sim/domain/sim_rules.hpp"

#include <gtest/gtest.h>

namespace shop::payment_sim {
namespace {

TEST(SimRulesTest, EachTestTokenHasItsBehaviourAndAnyOtherIsInvalid) {
  EXPECT_EQ(BehaviourOf("tok_visa"), TokenBehaviour::kSucceed);
  EXPECT_EQ(BehaviourOf("tok_declined"), TokenBehaviour::kDecline);
  EXPECT_EQ(BehaviourOf("tok_timeout"), TokenBehaviour::kTimeout);
  EXPECT_EQ(BehaviourOf("tok_flaky"), TokenBehaviour::kFlaky);
  EXPECT_EQ(BehaviourOf("tok_VISA"), TokenBehaviour::kInvalid);
  EXPECT_EQ(BehaviourOf(""), TokenBehaviour::kInvalid);
}

TEST(SimRulesTest, AFlakyKeyFailsTwiceThenSucceeds) {
  EXPECT_TRUE(NextChargeStep(TokenBehaviour::kFlaky, 0, false).fail_transiently);
  EXPECT_TRUE(NextChargeStep(TokenBehaviour::kFlaky, 1, false).fail_transiently);
  const ChargeStep third = NextChargeStep(TokenBehaviour::kFlaky, 2, false);
  EXPECT_FALSE(third.fail_transiently);
  EXPECT_EQ(third.outcome, ChargeOutcome::kSucceeded);
}

TEST(SimRulesTest, ATimeoutTokenIsChargedButItsAnswersAreDelayed) {
  EXPECT_EQ(NextChargeStep(TokenBehaviour::kTimeout, 0, false).outcome, ChargeOutcome::kSucceeded);
  EXPECT_TRUE(AnswerIsDelayed("tok_timeout"));
  EXPECT_FALSE(AnswerIsDelayed("tok_visa"));
}

TEST(SimRulesTest, DeclinedAndInvalidTokensSettleAtOnce) {
  EXPECT_EQ(NextChargeStep(TokenBehaviour::kDecline, 0, false).outcome, ChargeOutcome::kDeclined);
  EXPECT_EQ(NextChargeStep(TokenBehaviour::kInvalid, 0, false).outcome,
            ChargeOutcome::kInvalidToken);
}

TEST(SimRulesTest, AVoidedOrderIsNeverChargedWhateverTheToken) {
  for (TokenBehaviour behaviour : {TokenBehaviour::kSucceed, TokenBehaviour::kTimeout,
                                   TokenBehaviour::kFlaky, TokenBehaviour::kDecline}) {
    const ChargeStep step = NextChargeStep(behaviour, 0, true);
    EXPECT_FALSE(step.fail_transiently);
    EXPECT_EQ(step.outcome, ChargeOutcome::kVoided);
  }
}

TEST(SimRulesTest, OutcomeNamesReadBack) {
  for (ChargeOutcome outcome : {ChargeOutcome::kSucceeded, ChargeOutcome::kDeclined,
                                ChargeOutcome::kInvalidToken, ChargeOutcome::kVoided}) {
    EXPECT_EQ(ParseChargeOutcome(OutcomeName(outcome)), outcome);
  }
  EXPECT_THROW(ParseChargeOutcome("refunded"), std::invalid_argument);
}

TEST(SimRulesTest, IdempotencyKeysArePrintableAsciiUpTo255) {
  EXPECT_FALSE(IdempotencyKeyViolation("charge:0190a3c4-0000-7000-8000-000000000001"));
  EXPECT_TRUE(IdempotencyKeyViolation(""));
  EXPECT_TRUE(IdempotencyKeyViolation("has space"));
  EXPECT_TRUE(IdempotencyKeyViolation("caf\xc3\xa9"));
  EXPECT_TRUE(IdempotencyKeyViolation(std::string(256, 'k')));
  EXPECT_FALSE(IdempotencyKeyViolation(std::string(255, 'k')));
}

TEST(SimRulesTest, AmountsArePositiveDecimalStrings) {
  EXPECT_FALSE(AmountViolation("12.50"));
  EXPECT_FALSE(AmountViolation("0.01"));
  EXPECT_FALSE(AmountViolation("9999999999.99"));
  EXPECT_TRUE(AmountViolation("0.00"));
  EXPECT_TRUE(AmountViolation("-1.00"));
  EXPECT_TRUE(AmountViolation("12.5"));
  EXPECT_TRUE(AmountViolation("12"));
  EXPECT_TRUE(AmountViolation("1e3"));
  EXPECT_TRUE(AmountViolation("10000000000.00"));
}

TEST(SimRulesTest, CentsCompareAmountsExactly) {
  EXPECT_EQ(CentsOf("12.50"), 1250);
  EXPECT_EQ(CentsOf("0.01"), 1);
  EXPECT_EQ(CentsOf("9999999999.99"), 999999999999);
}

}  // namespace
}  // namespace shop::payment_sim
