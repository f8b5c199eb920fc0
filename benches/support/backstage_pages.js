// The page size of `portal sync`, measured: every entity of a Backstage paged through with
// Node's fetch at several `limit` values, 3 runs each (docs/performance.md).
// node benches/support/backstage_pages.js URL TOKEN
const [base, token] = process.argv.slice(2);
(async () => {
  for (const limit of [100, 250, 500, 1000, 2000, 5000]) {
    const times = [];
    for (let run = 0; run < 3; run++) {
      const t = Date.now(); let cursor, n = 0, pages = 0;
      for (;;) {
        const q = cursor ? `cursor=${encodeURIComponent(cursor)}` : `limit=${limit}`;
        const r = await fetch(`${base}/api/catalog/entities/by-query?${q}`, { headers: { Authorization: `Bearer ${token}` } });
        const p = await r.json(); n += p.items.length; pages++;
        cursor = p.pageInfo && p.pageInfo.nextCursor; if (!cursor) break;
      }
      times.push(Date.now() - t);
    }
    times.sort((a,b)=>a-b);
    console.log(`limit ${limit}: median ${times[1]} ms, ${Math.round(process.memoryUsage().rss/1048576)} MiB rss`);
  }
})();
