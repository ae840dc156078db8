// The page's only style sheet, inlined: the HTML is one self-contained file (no CDN, no fonts to
// fetch). Times New Roman as in Vietnamese administrative documents (Decree 30/2020/NĐ-CP);
// prints on A4 landscape.
export const REPORT_CSS = `
*{box-sizing:border-box}
body{font-family:"Times New Roman",Times,serif;font-size:15px;color:#1a1a1a;margin:0 auto;max-width:1280px;padding:24px;line-height:1.45}
header{text-align:center;border-bottom:2px solid #b71c1c;padding-bottom:12px;margin-bottom:16px}
h1{font-size:24px;margin:4px 0;text-transform:uppercase;color:#b71c1c}
h2{font-size:19px;margin:28px 0 10px;border-left:5px solid #b71c1c;padding-left:8px}
h3{font-size:16px;margin:18px 0 6px}
.sub{font-size:16px;font-style:italic;margin:2px 0}
.meta{margin:2px 0;color:#333}
.figures{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px}
.figure{border:1px solid #ccc;border-radius:6px;padding:10px;text-align:center;background:#fafafa}
.figure .n{font-size:28px;font-weight:bold;display:block}
.figure .l{font-size:14px}
.figure.bad{border-color:#e53935;background:#ffebee}.figure.bad .n{color:#c62828}
.figure.good .n{color:#2e7d32}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:14px}
th,td{border:1px solid #999;padding:4px 6px;vertical-align:top}
th{background:#eceff1;text-align:center}
td.n{text-align:right;white-space:nowrap}
td.c{text-align:center;white-space:nowrap}
tr.late td{background:#fff3f3}
.ok{color:#2e7d32;font-weight:bold}
.warn{color:#c62828;font-weight:bold}
.charts{display:grid;grid-template-columns:repeat(auto-fit,minmax(520px,1fr));gap:16px;align-items:start}
.chart svg{max-width:100%;height:auto}
ul.reasons{margin:0;padding-left:18px}
footer{margin-top:28px;font-size:13px;color:#444;border-top:1px solid #ccc;padding-top:8px}
@media print{@page{size:A4 landscape;margin:12mm}body{padding:0;max-width:none}h2{break-after:avoid}tr{break-inside:avoid}}
`;
