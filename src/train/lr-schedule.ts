import type { LrScheduleConfig } from "./train-config.js";

/**
 * The learning rate of global step `step` (from 0) in epoch `epoch`, as PyTorch's schedulers give
 * it: StepLR/MultiStepLR stepped once per epoch (`base·γ^(milestones passed)`), CosineAnnealingLR
 * stepped once per step with T_max = all steps and η_min = 0 (`base·(1 + cos(π·step/T))/2`).
 */
export function learningRateAt(
  base: number,
  schedule: LrScheduleConfig,
  step: number,
  epoch: number,
): number {
  switch (schedule.kind) {
    case "constant":
      return base;
    case "step": {
      const passed =
        schedule.milestones.length > 0
          ? schedule.milestones.filter((m) => m <= epoch).length
          : schedule.every > 0
            ? Math.floor(epoch / schedule.every)
            : 0;
      return base * schedule.gamma ** passed;
    }
    case "cosine":
      return (base * (1 + Math.cos((Math.PI * step) / Math.max(1, schedule.totalSteps)))) / 2;
  }
}
