import type { JobEvent, JobInfo } from "../gen/normserve/v1/jobs.js";
import { JobKind, JobState } from "../gen/normserve/v1/jobs.js";
import { openStub, unary } from "./normctl-client.js";
import { followEvaluate } from "./normctl-eval.js";
import { followTrain, writePlot } from "./normctl-follow-train.js";
import type { NormctlJobArgs } from "./normctl-job-args.js";
import { jobEvents } from "./normctl-job-client.js";

function stateName(state: JobState): string {
  return (JobState[state] ?? String(state)).replace("JOB_STATE_", "");
}

function jobJson(job: JobInfo | undefined): unknown {
  if (!job) return null;
  return { ...job, kind: JobKind[job.kind], state: JobState[job.state] };
}

/** `normctl watch|plot|cancel|jobs`: re-attach to, draw, stop or list jobs. */
export async function runJobCommand(args: NormctlJobArgs): Promise<void> {
  const stub = openStub(args.server);
  try {
    if (args.command === "watch") {
      const { job } = await unary(stub.getJob.bind(stub), { jobId: args.jobId, includeModel: false });
      const call = stub.watchJob({ jobId: args.jobId, afterSequence: 0 });
      if (job?.kind === JobKind.JOB_KIND_EVALUATE) await followEvaluate(call, args);
      else await followTrain(call, { ...args, plotNorm: args.norm });
    } else if (args.command === "plot") {
      const events: JobEvent[] = [];
      // A finished job's stream replays everything and ends; a running one is followed to its end.
      try {
        for await (const e of jobEvents(stub.watchJob({ jobId: args.jobId, afterSequence: 0 })))
          events.push(e);
      } catch (error) {
        if (events.length === 0) throw error;
      }
      writePlot(args.out ?? "norms.svg", args.jobId, events, args.norm, args.logY);
      process.stdout.write(
        `plot: ${events.filter((e) => e.event?.$case === "norms").length} norm snapshots → ${args.out}\n`,
      );
    } else if (args.command === "cancel") {
      const res = await unary(stub.cancelJob.bind(stub), { jobId: args.jobId });
      if (args.json) process.stdout.write(`${JSON.stringify(jobJson(res.job))}\n`);
      else process.stdout.write(`job ${args.jobId}: ${stateName(res.job?.state ?? 0)}\n`);
    } else {
      const res = await unary(stub.listJobs.bind(stub), { kind: 0, state: 0 });
      if (args.json) process.stdout.write(`${JSON.stringify(res.jobs.map(jobJson))}\n`);
      else {
        process.stdout.write(`${"job".padEnd(28)}  ${"kind".padEnd(8)}  ${"state".padEnd(11)}  progress\n`);
        for (const j of res.jobs)
          process.stdout.write(
            `${j.jobId.padEnd(28)}  ${(JobKind[j.kind] ?? "").replace("JOB_KIND_", "").toLowerCase().padEnd(8)}  ${stateName(j.state).padEnd(11)}  ${j.step}/${j.totalSteps}${j.message ? `  ${j.message}` : ""}\n`,
          );
      }
    }
  } finally {
    stub.close();
  }
}
