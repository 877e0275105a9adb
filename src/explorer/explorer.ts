/**
 * A small self-contained query page served at GET /. County government networks are often
 * offline, so nothing here loads from the internet (Apollo's default landing page does).
 */
export function explorerHtml(): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rule-of-law figures · GraphQL</title>
<style>
body{font:14px system-ui,sans-serif;margin:0;display:grid;grid-template-columns:1fr 1fr;grid-template-rows:auto 1fr;height:100vh}
header{grid-column:1/3;padding:8px 12px;background:#8b1a1a;color:#fff;display:flex;gap:12px;align-items:center}
header select,header button{font:inherit}
section{display:flex;flex-direction:column;min-height:0}
textarea,pre{flex:1;margin:0;padding:8px;font:13px ui-monospace,monospace;border:0;border-right:1px solid #ddd;overflow:auto;resize:none}
#vars{flex:0 0 20%;border-top:1px solid #ddd}
label{padding:4px 8px;background:#f4f4f4;font-size:12px}
</style></head><body>
<header><strong>法治政府建设 · GraphQL</strong>
<select id="examples"><option value="">Examples…</option></select>
<button id="run">Run (Ctrl+Enter)</button><span id="status"></span>
<label style="background:none;color:#fff">API key <input id="key" type="password" size="20"></label></header>
<section><label>Query</label><textarea id="query" spellcheck="false">{
  county(code: "410726") {
    name
    nameEn
    townships { nodes { code name kind } }
  }
}</textarea><label>Variables (JSON)</label><textarea id="vars" spellcheck="false">{}</textarea></section>
<section><label>Result</label><pre id="out"></pre></section>
<script>
const $=id=>document.getElementById(id);
async function run(){
  $('status').textContent='…';const t=performance.now();
  let variables={};try{variables=JSON.parse($('vars').value||'{}')}catch(e){$('out').textContent='Variables are not valid JSON: '+e.message;return}
  const headers={'content-type':'application/json'};if($('key').value)headers.authorization='Bearer '+$('key').value;
  const r=await fetch('graphql',{method:'POST',headers,body:JSON.stringify({query:$('query').value,variables})});
  $('out').textContent=JSON.stringify(await r.json(),null,2);$('status').textContent=r.status+' · '+Math.round(performance.now()-t)+' ms';
}
$('run').onclick=run;document.addEventListener('keydown',e=>{if(e.key==='Enter'&&(e.ctrlKey||e.metaKey))run()});
fetch('examples.json').then(r=>r.ok?r.json():[]).then(list=>{for(const ex of list){const o=document.createElement('option');o.value=ex.query;o.textContent=ex.name;o.dataset.vars=JSON.stringify(ex.variables||{},null,2);$('examples').append(o)}});
$('examples').onchange=e=>{const o=e.target.selectedOptions[0];if(o.value){$('query').value=o.value;$('vars').value=o.dataset.vars}};
</script></body></html>`;
}
