/** What a ladder rung reports once its backend is active. */
export interface LoadedBackend {
  /** libtensorflow's version (native backend only). */
  readonly tfVersion?: string;
  /** `"cpu"` or `"gpu:<name>"`. */
  readonly device: string;
  /** Threads the backend computes with, where it says. */
  readonly threads?: number;
}
