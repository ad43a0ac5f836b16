/**
 * Synthetic card traffic with injected, labelled fraud: the input of demos, backtests and recall measurements.
 * <p>
 * <b>Population.</b> Cards ({@code card-00000001}…) belong to accounts (about one account in six has two cards,
 * sharing a home and a household IP). Each card lives in a city of a home country (US, GB, DE, FR, ES, IT, NL, IE,
 * CH, CA, AU by default; JP, BR, MX on request) and has a habit: a typical amount (log-normal, median US$35), a
 * rate (log-normal, median 2.2 transactions a day), a share of online purchases (5–35 %), a device and an IP for
 * them, and for one card in four a favourite online shop abroad. Merchants are shops and cash machines with
 * coordinates in 40 cities of 20 countries, and online shops per country, in categories with their MCCs (5411
 * grocery, 5812 restaurants, 5814 fast food, 5541 fuel, 5999 misc retail, 5651 clothing, 5912 pharmacy, 4121 taxi,
 * 5732 electronics, 5944 jewellery, 5815 digital goods, 7995 gambling, 6011 ATM).
 * <p>
 * <b>Traffic.</b> Each card buys as a Poisson process of its rate, shaped by the hour of the day in its city (few
 * purchases at night). A purchase is online, an ATM withdrawal (3 %), or in person in the home city (contactless
 * when small); amounts are exact minor units of the merchant country's currency; about 2–3 % are declined (more
 * for online, ATM, gambling, abroad and unusually large amounts).
 * <p>
 * <b>Fraud.</b> Cases of five {@link io.vigil.ops.generate.FraudType types} are planned up front, spread evenly over
 * the time range, on cards that carry no other case within three hours, and recorded as
 * {@link io.vigil.ops.generate.TruthCase}s: velocity bursts, card testing, spend spikes, impossible travel and
 * first use of a new country, each shaped to cross the engine's rule with a margin.
 * <p>
 * <b>Determinism.</b> One seed, {@link java.util.SplittableRandom} and {@link java.lang.StrictMath}: the same
 * {@link io.vigil.ops.generate.GeneratorConfig} gives byte-identical output on any JVM; nothing reads the clock.
 */
package io.vigil.ops.generate;
