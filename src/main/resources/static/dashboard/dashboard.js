// The results dashboard (index.html): draws GET /surveys/{surveyId}/summary. A file of its own, not inline, so the
// page's Content-Security-Policy allows no inline script at all.
const $ = id => document.getElementById(id);
const charts = [];
/** The version list's first entry: every session, on today's questions. */
const ALL_VERSIONS = '<option value="">all, on today\'s questions</option>';
$('key').value = sessionStorage.getItem('surveyRelayKey') || '';
const headers = () => ({'X-Api-Key': $('key').value});
const status = text => { $('status').textContent = text; };
/**
 * The browser's IANA time zone: the date fields are days there, sent as timeZone (the API's days are UTC days
 * without it, and a researcher in Tokyo asking for yesterday got another day). UTC when the browser names none.
 */
let timeZone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
$('zone').textContent = 'days in ' + timeZone;

/**
 * Etc/GMT+N and Etc/GMT-N, N from 1 to 14: zones the service knows but refuses as a timeZone (400
 * invalid_time_zone, since 2026-12-05), as the IANA database inverts their sign (Etc/GMT+5 is UTC-05:00).
 */
const INVERTED_SIGN = /^Etc\/GMT([+-])([1-9]|1[0-4])$/;

/**
 * Falls back on UTC days when the service refuses the browser's zone (400 invalid_time_zone), which refused every
 * Show; says why beside the date fields: an Etc/GMT+N zone, refused as its sign reads backwards (until 2026-12-05 the
 * page said the service did not know it), or one the service does not know (newer than its time zone data, or a
 * browser reporting Etc/Unknown).
 *
 * @return true when the zone was not UTC already, so that the request is worth making again
 */
function zoneRefused() {
  if (timeZone === 'UTC') return false;
  const inverted = INVERTED_SIGN.exec(timeZone);
  $('zone').textContent = inverted
    ? 'days in UTC (the service refuses ' + timeZone + ', which is UTC' + (inverted[1] === '+' ? '-' : '+')
      + inverted[2].padStart(2, '0') + ':00: the IANA database inverts the sign of its Etc/GMT zones)'
    : 'days in UTC (the service does not know ' + timeZone + ')';
  timeZone = 'UTC';
  return true;
}

/**
 * The day (yyyy-MM-dd) of an ISO-8601 instant in the page's time zone, as the date fields are; the instant's UTC day
 * when the browser cannot name that zone (until 2026-12-05 always the UTC day: a version kept on a Monday evening in
 * California read "since" Tuesday).
 */
function day(instant) {
  try {
    // Canada's English writes dates as ISO 8601 does.
    return new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit'})
      .format(new Date(instant));
  } catch (e) {
    return instant.slice(0, 10);
  }
}

/** The summary's URL for the survey chosen, with the filters chosen. */
function summaryUrl() {
  const query = new URLSearchParams();
  ['version', 'language', 'channel', 'from', 'to'].forEach(name => {
    if ($(name).value) query.set(name, $(name).value);
  });
  query.set('timeZone', timeZone);
  return '/surveys/' + encodeURIComponent($('survey').value) + '/summary?' + query;
}

/** A table of rows under a header row of columns, with its caption (hidden on screen, read by screen readers). */
function table(id, rows, columns, caption) {
  const element = $(id);
  element.innerHTML = '';
  element.createCaption().textContent = caption;
  const head = element.insertRow();
  columns.forEach(column => {
    const th = document.createElement('th');
    th.scope = 'col';
    th.textContent = column;
    head.appendChild(th);
  });
  rows.forEach(row => {
    const line = element.insertRow();
    line.dataset.key = row[0];
    row.forEach(cell => { line.insertCell().textContent = cell; });
  });
}

/**
 * A chart's option for screen readers: ECharts' aria (since 4.0; 5.3.1 here) puts the description in the container's
 * aria-label: what is drawn, then each label with its value ("Answers to questionRecommend. 0: 0; ...; 10: 1.").
 * Written here, not generated: ECharts' own reads a bar as "the data for 3 is 3, 1" and stops at 10 items, where an
 * NPS question has 11. Series, each {name, values}, the values in the order of the labels.
 */
function described(title, labels, series) {
  const values = one => labels.map((label, i) => label + ': ' + one.values[i]).join('; ');
  const text = series.length === 1 ? values(series[0]) : series.map(one => one.name + ', ' + values(one)).join('. ');
  return {aria: {enabled: true, label: {description: title + (labels.length ? '. ' + text : '') + '.'}}};
}

/** A chart in the container with this id, which names what it draws until ECharts describes it. */
function newChart(id, title) {
  $(id).setAttribute('role', 'img');
  $(id).setAttribute('aria-label', title);
  $(id).dataset.title = title;
  const chart = echarts.init($(id));
  charts.push(chart);
  return chart;
}

/**
 * When a text answer came, to the minute in the page's time zone (the one its days are in), as "2026-12-07 00:16";
 * the API's instant (UTC, to the nanosecond) when it cannot be read, and nothing when there is none.
 */
function answeredAt(instant) {
  if (!instant) return '';
  const when = new Date(instant);
  if (isNaN(when)) return instant;
  return new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).format(when).replace(',', '');
}

/**
 * A bar chart of one or more series, each {name, values, color}; more than one gets a legend naming them. Laid on its
 * side, the first label is at the top, as in the table under it (ECharts starts a category axis at the origin), and the
 * grid makes room for the whole of the longest label (a fixed 130 px cut "questionWhatWentWrong" to "uestionWhat...").
 */
function bar(id, title, labels, series, horizontal) {
  const chart = newChart(id, title);
  const category = {type: 'category', data: labels, inverse: horizontal, axisLabel: {interval: 0, fontSize: 11}};
  const value = {type: 'value', minInterval: 1};
  const legend = series.length > 1;
  chart.setOption({...described(title, labels, series), grid: {left: horizontal ? 8 : 40, right: 16, top: legend ? 30 : 10,
    bottom: 28, containLabel: horizontal}, tooltip: {},
    legend: {show: legend, top: 0}, xAxis: horizontal ? value : category, yAxis: horizontal ? category : value,
    series: series.map(one => ({type: 'bar', name: one.name, data: one.values, itemStyle: {color: one.color}}))});
}

function pie(id, title, entries) {
  newChart(id, title).setOption({...described(title, entries.map(e => e[0]), [{values: entries.map(e => e[1])}]),
    tooltip: {}, series: [{type: 'pie', radius: '65%',
    label: {formatter: '{b}: {c}'}, data: entries.map(([name, value]) => ({name, value}))}]});
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
  if (select.value !== survey) $('version').innerHTML = ALL_VERSIONS;
  languages();
  if ([...$('language').options].some(option => option.value === language)) $('language').value = language;
  listVersions();
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

/**
 * The survey's versions (oldest first), newest first in the list: from GET /surveys/{surveyId}/versions, or from a
 * summary, which adds each version's sessions and the versions only sessions name (their copy expired: listed, but
 * they cannot be chosen). The version chosen stays chosen while it is listed.
 */
function versions(listed) {
  const select = $('version'), chosen = select.value;
  select.innerHTML = ALL_VERSIONS;
  listed.map((version, i) => [version, i + 1]).reverse().forEach(([version, number]) => {
    const option = document.createElement('option');
    const available = version.available !== false;
    option.value = version.version;
    option.disabled = !available;
    option.textContent = 'v' + number + (version.current ? ", today's" : '')
      + (version.keptAt ? ' · since ' + day(version.keptAt) : '')
      + (version.sessions === undefined ? ''
        : ' · ' + version.sessions + (version.sessions === 1 ? ' session' : ' sessions'))
      + ' · ' + version.version.slice(0, 8) + (available ? '' : ' (copy expired)');
    select.appendChild(option);
  });
  if ([...select.options].some(option => option.value === chosen && !option.disabled)) select.value = chosen;
}

/**
 * Fills the version list for the survey chosen, before any Show, from GET /surveys/{surveyId}/versions (one S3
 * listing, no session read; until 2026-12-05 a whole summary, which the first Show then asked again), so a version can
 * be picked for the first Show. An answer that comes after another survey was chosen, or after a Show began (whose
 * summary lists the versions with their sessions), is not drawn. A refusal leaves the list as it is: the next Show
 * says why.
 */
async function listVersions() {
  const surveyId = $('survey').value;
  if (!surveyId) return;
  const showing = shown;
  try {
    const response = await fetch('/surveys/' + encodeURIComponent(surveyId) + '/versions', {headers: headers()});
    const body = await response.json().catch(() => ({}));
    if (response.ok && showing === shown && $('survey').value === surveyId) versions(body.versions);
  } catch (e) {
    // the service could not be reached: the next Show says so
  }
}

/** Takes down what the page shows, so no survey's numbers stay under another survey's name. */
function clear() {
  // ECharts' description of the numbers goes with them: the container names only what it draws.
  charts.splice(0).forEach(chart => {
    chart.getDom().setAttribute('aria-label', chart.getDom().dataset.title);
    chart.dispose();
  });
  document.querySelectorAll('section.question').forEach(section => section.remove());
  ['table-status', 'table-channel', 'table-dropoff', 'texts'].forEach(id => { $(id).innerHTML = ''; });
  $('total-sessions').textContent = '–';
  $('completion-rate').textContent = '–';
  $('questions-version').textContent = '–';
  $('no-response').textContent = '–';
  $('not-reached').textContent = '–';
  $('declined').textContent = '–';
}

// Each Show is numbered: only the latest one's answer is drawn, however the answers come back.
let shown = 0;

/**
 * How many times a Show asks again when the service answers 503 with Retry-After: it runs a few summaries at once
 * (RESULTS_SUMMARIES_AT_ONCE, another reader's among them) and refuses the next one busy, or its
 * storage failed for a moment. The wait is the service's Retry-After, at most 30 s.
 */
const BUSY_RETRIES = 5;

async function show() {
  const ticket = ++shown;
  $('main').dataset.loaded = 'false';
  sessionStorage.setItem('surveyRelayKey', $('key').value);
  clear();
  status('Loading…');
  let response, body;
  for (let attempt = 0; ; attempt++) {
    try {
      response = await fetch(summaryUrl(), {headers: headers()});
      body = await response.json().catch(() => ({}));
    } catch (e) {
      if (ticket === shown) status('The service could not be reached.');
      return;
    }
    if (ticket !== shown) return;
    if (response.status === 400 && body.error === 'invalid_time_zone' && zoneRefused()) continue;
    const wait = Number(response.headers.get('Retry-After'));
    if (response.status !== 503 || !(wait > 0) || attempt === BUSY_RETRIES) break;
    status('Loading… ' + (body.message || 'The service is busy.') + ' Asking again in ' + wait + ' s.');
    await new Promise(resolve => setTimeout(resolve, Math.min(wait, 30) * 1000));
    if (ticket !== shown) return;
  }
  if (!response.ok) { status(body.message || 'Refused'); return; }
  status('');
  versions(body.versions);
  // Which version's questions are drawn: the one asked for, else today's.
  const drawn = body.versions.findIndex(version =>
    body.version ? version.version === body.version : version.current);
  $('questions-version').textContent = drawn < 0 ? '–' : 'v' + (drawn + 1)
    + (body.versions[drawn].current ? ", today's" : '') + ' (' + body.versions[drawn].version + ')';
  $('total-sessions').textContent = body.sessions;
  $('completion-rate').textContent = body.sessions === body.notReached ? '–' : Math.round(body.completionRate * 1000) / 10 + '%';
  $('no-response').textContent = body.noResponse;
  $('not-reached').textContent = body.notReached;
  $('declined').textContent = body.welcome.declined;
  const statuses = Object.entries(body.byStatus);
  pie('pie-status', 'Sessions by status', statuses);
  table('table-status', statuses, ['status', 'sessions'], 'Sessions by status');
  const channels = Object.entries(body.byChannel);
  pie('pie-channel', 'Sessions by channel', channels);
  table('table-channel', channels, ['channel', 'sessions'], 'Sessions by channel');
  // The table's two kinds of leaving, side by side: a question that loses people to STOP is not one they abandon.
  // The welcome first: those who left before the first question was asked (counted at it until 2026-12-07).
  const leaving = [{questionName: '(welcome)', answered: '–', skipped: '–', droppedHere: body.welcome.droppedHere,
    optedOutHere: body.welcome.optedOutHere}, ...body.questions];
  // Last, those who left at a question today's version no longer has (counted nowhere until 2026-12-07).
  const retired = body.retiredQuestions;
  if (retired && (retired.droppedHere > 0 || retired.optedOutHere > 0)) {
    leaving.push({questionName: '(questions of earlier versions)', answered: '–', skipped: '–',
      droppedHere: retired.droppedHere, optedOutHere: retired.optedOutHere});
  }
  bar('bar-dropoff', 'Drop-off per question', leaving.map(q => q.questionName), [
    {name: 'abandoned here', values: leaving.map(q => q.droppedHere), color: '#2563eb'},
    {name: 'opted out here', values: leaving.map(q => q.optedOutHere), color: '#dc2626'}], true);
  table('table-dropoff', leaving.map(q => [q.questionName, q.answered, q.skipped, q.droppedHere,
    q.optedOutHere]), ['question', 'answered', 'skipped', 'abandoned here', 'opted out here'],
    'Drop-off per question');
  for (const question of body.questions.filter(q => Object.keys(q.distribution).length > 0)) {
    const section = document.createElement('section');
    section.className = 'question';
    section.innerHTML = '<h2></h2><div class="chart"></div><table></table>';
    // One decimal, as the summary rounds it (25.0 showed as 25 until 2026-12-07).
    const nps = question.npsScore === null ? null : Number(question.npsScore).toFixed(1);
    section.querySelector('h2').textContent = question.questionName + ' (' + question.questionType + ')'
      + (nps === null ? '' : ' · NPS ' + nps);
    section.querySelector('.chart').id = 'chart-' + question.questionName;
    section.querySelector('table').id = 'dist-' + question.questionName;
    if (question.npsScore !== null) {
      const score = document.createElement('div');
      score.id = 'nps-' + question.questionName;
      score.textContent = nps;
      score.hidden = true;
      section.appendChild(score);
    }
    $('main').appendChild(section);
    const entries = Object.entries(question.distribution);
    const title = 'Answers to ' + question.questionName;
    bar('chart-' + question.questionName, title, entries.map(e => e[0]),
      [{name: 'count', values: entries.map(e => e[1]), color: '#2563eb'}], false);
    table('dist-' + question.questionName, entries, ['answer', 'count'], title);
  }
  // A number question's answers are open-ended, with no distribution to draw: their spread, as the summary gives it.
  for (const question of body.questions.filter(q => q.numbers)) {
    const section = document.createElement('section');
    section.className = 'question';
    section.innerHTML = '<h2></h2><table></table>';
    section.querySelector('h2').textContent = question.questionName + ' (' + question.questionType + ')';
    section.querySelector('table').id = 'numbers-' + question.questionName;
    $('main').appendChild(section);
    const numbers = question.numbers;
    table('numbers-' + question.questionName, [['answers', numbers.count], ['mean', numbers.mean],
      ['median', numbers.median], ['least', numbers.min], ['greatest', numbers.max]], ['measure', 'value'],
      'Answers to ' + question.questionName);
  }
  body.recentTexts.forEach(text => {
    const item = document.createElement('li');
    item.textContent = text.answer;
    const meta = document.createElement('div');
    meta.className = 'meta';
    meta.textContent = text.questionName + ' · ' + (text.language || '') + ' · ' + answeredAt(text.answeredAt);
    item.appendChild(meta);
    $('texts').appendChild(item);
  });
  $('main').dataset.loaded = 'true';
}

/**
 * Says beside the date fields which days an empty one stands for: the summary's default is the last 30 days (to
 * today when To is empty), which until 2026-12-07 the page did not say, and a survey's total read as all time (an
 * analyst's probe).
 */
function range() {
  const from = $('from').value;
  // A To after today counts as today, as the summary counts it (9999-12-31 is the usual "no end").
  const to = $('to').value && $('to').value < day(new Date().toISOString()) ? $('to').value : '';
  $('range').textContent = !from && !to ? 'the last 30 days' : !from ? 'the 30 days to ' + to
    : !to ? 'to today' : '';
}

$('show').onclick = show;
$('from').oninput = range;
$('to').oninput = range;
$('from').onchange = range;
$('to').onchange = range;
range();
// Another survey's versions are not this one's: the list fills again with its own.
$('survey').onchange = () => { languages(); $('version').innerHTML = ALL_VERSIONS; listVersions(); };
$('key').onchange = loadSurveys;
if ($('key').value) loadSurveys();
