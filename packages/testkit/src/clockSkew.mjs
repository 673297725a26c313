// Fault injection (research plan D8): preloaded with `node --import` into a service process, it
// shifts that process's wall clock (Date.now and new Date()) by PROOFGRID_CLOCK_SKEW_MS, as a
// machine whose clock is off would. Monotonic time (performance.now, timers) is not touched.
const skew = Number(process.env.PROOFGRID_CLOCK_SKEW_MS ?? 0);
if (skew) {
  const RealDate = Date;
  const realNow = RealDate.now.bind(RealDate);
  class SkewedDate extends RealDate {
    constructor(...args) {
      if (args.length === 0) super(realNow() + skew);
      else super(...args);
    }
    static now() {
      return realNow() + skew;
    }
  }
  globalThis.Date = SkewedDate;
}
