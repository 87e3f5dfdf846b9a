import Database from 'better-sqlite3';
const file = process.argv[2];
const sql = process.argv[3];
for (const setup of ['', 'cache_size = -65536', 'mmap_size = 1073741824']) {
  const db = new Database(file, { readonly: true });
  if (setup) db.pragma(setup);
  const tags = db.prepare("select tag from devices where state = 'delivered' limit 1000").pluck().all();
  const st = db.prepare(sql); st.raw(true);
  const p = (t) => ['install','ready','erased','destroyed','removed','counts',t];
  for (let r = 0; r < 3; r++) for (const t of tags) { db.exec('begin'); st.all(...p(t)); db.exec('commit'); }
  let n = 0; const t0 = process.hrtime.bigint(); const c0 = process.cpuUsage();
  for (let r = 0; r < 20; r++) for (const t of tags) { db.exec('begin'); st.all(...p(t)); db.exec('commit'); n++; }
  const c = process.cpuUsage(c0);
  console.log(setup || 'default', 'µs wall', (Number(process.hrtime.bigint() - t0) / n / 1000).toFixed(2), 'user', (c.user / n).toFixed(2), 'sys', (c.system / n).toFixed(2));
  db.close();
}
