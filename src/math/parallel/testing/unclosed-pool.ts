/**
 * Child-process check for `FrequencyPool`: runs a job and exits without `close()` — the
 * process must still end on its own (idle workers are unref'd).
 * @internal
 */
import { makeConvGeometry } from "../../conv-geometry.js";
import { convSingularValuesAsync } from "../../conv-singular-values.js";
import { FrequencyPool } from "../frequency-pool.js";

const pool = new FrequencyPool({ threads: 2 });
const geometry = makeConvGeometry({
  inChannels: 2,
  outChannels: 2,
  inputSpatial: [6, 6],
  kernelSpatial: [3, 3],
});
convSingularValuesAsync(
  Float64Array.from({ length: 36 }, (_, i) => Math.sin(i)),
  geometry,
  { pool },
).then((r) => console.log(`sigma ${r.sigmaMax}`));
