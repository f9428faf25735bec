import type { AttackResult, EvaluateCompleted, EvaluateRequest } from "../../gen/normserve/v1/evaluate.js";
import type { JobEventPayload } from "../../jobs/job-runner.js";
import { prepareEvaluateJob } from "../prepare-evaluate-job.js";
import { fakeJobContext } from "./fake-job-context.js";

/** Events of one evaluation run to completion in memory. @internal */
export interface EvaluationRun {
  readonly events: JobEventPayload[];
  readonly results: AttackResult[];
  readonly completed: EvaluateCompleted;
}

/** Prepares and runs `request` with no Train jobs known; returns its events. @internal */
export async function runEvaluationJob(request: EvaluateRequest): Promise<EvaluationRun> {
  const job = await prepareEvaluateJob(request, {
    readArtifact: async () => undefined,
    jobState: () => undefined,
  });
  const ctx = await fakeJobContext();
  await job.run(ctx);
  const results = ctx.events.flatMap((e) => (e.$case === "attackResult" ? [e.value] : []));
  const done = ctx.events.find((e) => e.$case === "evaluateCompleted");
  if (done?.$case !== "evaluateCompleted") throw new Error("no evaluate_completed event");
  return { events: ctx.events, results, completed: done.value };
}
