package io.journeys.analytics;

import java.util.List;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.inference.ChiSquareTest;

/**
 * Significance of the difference between arms' conversion rates: the two-proportion z-test (pooled)
 * for two arms, Pearson's chi-square test of independence on the arms × (converted, not converted)
 * table for more. Distributions from Apache Commons Math.
 */
final class ExperimentStats {

  static final double ALPHA = 0.05;
  static final long MINIMUM_PER_ARM = 1000;

  /** One arm: contacts assigned and how many converted. */
  record Arm(String name, long contacts, long conversions) {
    double rate() {
      return contacts == 0 ? 0 : (double) conversions / contacts;
    }
  }

  /** A test's statistic, degrees of freedom (chi-square) and two-sided p-value. */
  record Test(String name, double statistic, Integer degreesOfFreedom, double pValue) {
    boolean significant() {
      return pValue < ALPHA;
    }
  }

  private ExperimentStats() {}

  /** z = (p2 - p1) / sqrt(p(1-p)(1/n1 + 1/n2)), p pooled; p-value = 2(1 - Φ(|z|)). */
  static Test zTest(Arm a, Arm b) {
    double pooled = (double) (a.conversions() + b.conversions()) / (a.contacts() + b.contacts());
    double se = Math.sqrt(pooled * (1 - pooled) * (1.0 / a.contacts() + 1.0 / b.contacts()));
    double z = se == 0 ? 0 : (b.rate() - a.rate()) / se;
    double p = 2 * (1 - new NormalDistribution(0, 1).cumulativeProbability(Math.abs(z)));
    return new Test("two-proportion z-test", z, null, p);
  }

  /** Pearson's chi-square on the k × 2 table; k - 1 degrees of freedom. */
  static Test chiSquare(List<Arm> arms) {
    long[][] table =
        arms.stream()
            .map(a -> new long[] {a.conversions(), a.contacts() - a.conversions()})
            .toArray(long[][]::new);
    ChiSquareTest test = new ChiSquareTest();
    return new Test(
        "chi-square", test.chiSquare(table), arms.size() - 1, test.chiSquareTest(table));
  }

  /** The test that fits the number of arms (null with fewer than two, or an empty column). */
  static Test test(List<Arm> arms) {
    if (arms.size() < 2 || arms.stream().anyMatch(a -> a.contacts() == 0)) {
      return null;
    }
    long conversions = arms.stream().mapToLong(Arm::conversions).sum();
    long contacts = arms.stream().mapToLong(Arm::contacts).sum();
    if (conversions == 0 || conversions == contacts) {
      return null; // nothing differs: every rate is 0 (or 1)
    }
    return arms.size() == 2 ? zTest(arms.get(0), arms.get(1)) : chiSquare(arms);
  }

  /**
   * The winner, or null: every arm has at least {@link #MINIMUM_PER_ARM} contacts, the test is
   * significant at 95 %, and (with more than two arms) the best arm also beats the second best in a
   * z-test at 95 %.
   */
  static String winner(List<Arm> arms, Test test) {
    if (test == null
        || !test.significant()
        || arms.stream().anyMatch(a -> a.contacts() < MINIMUM_PER_ARM)) {
      return null;
    }
    List<Arm> ranked = arms.stream().sorted((x, y) -> Double.compare(y.rate(), x.rate())).toList();
    if (ranked.get(0).rate() == ranked.get(1).rate()) {
      return null;
    }
    if (arms.size() > 2 && !zTest(ranked.get(1), ranked.get(0)).significant()) {
      return null;
    }
    return ranked.get(0).name();
  }
}
