// The results dashboard (index.html): draws GET /surveys/{surveyId}/summary. A file of its own, not inline, so the
// page's Content-Security-Policy allows no inline script at all.
const $ = id => document.getElementById(id);
const charts = [];
$('key').value = sessionStorage.getItem('surveyRelayKey') || '';
const headers = () => ({'X-Api-Key': $('key').value});
const status = text => { $('status').textContent = text; };

function table(id, rows, columns) {
  const element = $(id);
  element.innerHTML = '';
  const head = element.insertRow();
  columns.forEach(column => { const th = document.createElement('th'); th.textContent = column; head.appendChild(th); });
  rows.forEach(row => {
    const line = element.insertRow();
    line.dataset.key = row[0];
    row.forEach(cell => { line.insertCell().textContent = cell; });
  });
}

/** A bar chart of one or more series, each {name, values, color}; more than one gets a legend naming them. */
function bar(id, labels, series, horizontal) {
  const chart = echarts.init($(id));
  charts.push(chart);
  const category = {type: 'category', data: labels, axisLabel: {interval: 0, fontSize: 11}};
  const value = {type: 'value', minInterval: 1};
  const legend = series.length > 1;
  chart.setOption({grid: {left: horizontal ? 130 : 40, right: 16, top: legend ? 30 : 10, bottom: 28}, tooltip: {},
    legend: {show: legend, top: 0}, xAxis: horizontal ? value : category, yAxis: horizontal ? category : value,
    series: series.map(one => ({type: 'bar', name: one.name, data: one.values, itemStyle: {color: one.color}}))});
}

function pie(id, entries) {
  const chart = echarts.init($(id));
  charts.push(chart);
  chart.setOption({tooltip: {}, series: [{type: 'pie', radius: '65%', label: {formatter: '{b}: {c}'},
    data: entries.map(([name, value]) => ({name, value}))}]});
}

async function loadSurveys() {
  const response = await fetch('/surveys', {headers: headers()});
  const body = await response.json().catch(() => ({}));
  if (!response.ok) { status(response.status === 401 ? 'Enter a valid API key.' : body.message || 'Refused'); return; }
  const select = $('survey');
  // Listed again (the key changed): the survey and language picked stay picked while they are still listed.
  const survey = select.value, language = $('language').value;
  select.innerHTML = '';
  // A survey whose newest files were refused still runs its previous version (listed as its version).
  body.surveys.filter(survey => survey.version).forEach(survey => {
    const option = document.createElement('option');
    option.value = option.textContent = survey.surveyId;
    option.dataset.languages = survey.languages.join(',');
    select.appendChild(option);
  });
  if ([...select.options].some(option => option.value === survey)) select.value = survey;
  languages();
  if ([...$('language').options].some(option => option.value === language)) $('language').value = language;
}

function languages() {
  const chosen = $('survey').selectedOptions[0];
  $('language').innerHTML = '<option value="">all</option>';
  (chosen ? chosen.dataset.languages.split(',') : []).forEach(tag => {
    const option = document.createElement('option');
    option.value = option.textContent = tag;
    $('language').appendChild(option);
  });
}

/** Takes down what the page shows, so no survey's numbers stay under another survey's name. */
function clear() {
  charts.splice(0).forEach(chart => chart.dispose());
  document.querySelectorAll('section.question').forEach(section => section.remove());
  ['table-status', 'table-channel', 'table-dropoff', 'texts'].forEach(id => { $(id).innerHTML = ''; });
  $('total-sessions').textContent = '–';
  $('completion-rate').textContent = '–';
  $('no-response').textContent = '–';
  $('not-reached').textContent = '–';
}

// Each Show is numbered: only the latest one's answer is drawn, however the answers come back.
let shown = 0;

async function show() {
  const ticket = ++shown;
  $('main').dataset.loaded = 'false';
  sessionStorage.setItem('surveyRelayKey', $('key').value);
  clear();
  status('Loading…');
  const query = new URLSearchParams();
  ['language', 'channel', 'from', 'to'].forEach(name => { if ($(name).value) query.set(name, $(name).value); });
  let response, body;
  try {
    response = await fetch('/surveys/' + encodeURIComponent($('survey').value) + '/summary?' + query,
      {headers: headers()});
    body = await response.json().catch(() => ({}));
  } catch (e) {
    if (ticket === shown) status('The service could not be reached.');
    return;
  }
  if (ticket !== shown) return;
  if (!response.ok) { status(body.message || 'Refused'); return; }
  status('');
  $('total-sessions').textContent = body.sessions;
  $('completion-rate').textContent = body.sessions === body.notReached ? '–' : Math.round(body.completionRate * 1000) / 10 + '%';
  $('no-response').textContent = body.noResponse;
  $('not-reached').textContent = body.notReached;
  const statuses = Object.entries(body.byStatus);
  pie('pie-status', statuses);
  table('table-status', statuses, ['status', 'sessions']);
  const channels = Object.entries(body.byChannel);
  pie('pie-channel', channels);
  table('table-channel', channels, ['channel', 'sessions']);
  // The table's two kinds of leaving, side by side: a question that loses people to STOP is not one they abandon.
  bar('bar-dropoff', body.questions.map(q => q.questionName), [
    {name: 'abandoned here', values: body.questions.map(q => q.droppedHere), color: '#2563eb'},
    {name: 'opted out here', values: body.questions.map(q => q.optedOutHere), color: '#dc2626'}], true);
  table('table-dropoff', body.questions.map(q => [q.questionName, q.answered, q.skipped, q.droppedHere,
    q.optedOutHere]), ['question', 'answered', 'skipped', 'abandoned here', 'opted out here']);
  for (const question of body.questions.filter(q => Object.keys(q.distribution).length > 0)) {
    const section = document.createElement('section');
    section.className = 'question';
    section.innerHTML = '<h2></h2><div class="chart"></div><table></table>';
    section.querySelector('h2').textContent = question.questionName + ' (' + question.questionType + ')'
      + (question.npsScore === null ? '' : ' · NPS ' + question.npsScore);
    section.querySelector('.chart').id = 'chart-' + question.questionName;
    section.querySelector('table').id = 'dist-' + question.questionName;
    if (question.npsScore !== null) {
      const score = document.createElement('div');
      score.id = 'nps-' + question.questionName;
      score.textContent = question.npsScore;
      score.hidden = true;
      section.appendChild(score);
    }
    $('main').appendChild(section);
    const entries = Object.entries(question.distribution);
    bar('chart-' + question.questionName, entries.map(e => e[0]),
      [{name: 'count', values: entries.map(e => e[1]), color: '#2563eb'}], false);
    table('dist-' + question.questionName, entries, ['answer', 'count']);
  }
  body.recentTexts.forEach(text => {
    const item = document.createElement('li');
    item.textContent = text.answer;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = text.questionName + ' · ' + (text.language || '') + ' · ' + (text.answeredAt || '');
    item.appendChild(meta);
    $('texts').appendChild(item);
  });
  $('main').dataset.loaded = 'true';
}

$('show').onclick = show;
$('survey').onchange = languages;
$('key').onchange = loadSurveys;
if ($('key').value) loadSurveys();
