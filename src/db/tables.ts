/** What several app processes on one database share besides the data (migration 0016_cluster). */
export interface ClusterTables {
  /**
   * A counter per topic, moved by triggers on the tables behind an in-memory cache, so a process on
   * SQLite can tell that another one changed them (PostgreSQL tells by NOTIFY instead).
   */
  cache_generations: { topic: string; generation: number };
  /** Background work that must run in one process at a time: who holds it, until when (SQLite). */
  cluster_locks: { name: string; holder: string; expires_at: string };
}
