// The job page: poll the job's JSON every second until it is done or failed, and move the bar.
(function () {
  const box = document.getElementById('job');
  if (!box) return;
  const bar = document.getElementById('job-bar');
  const state = document.getElementById('job-state');
  const show = (id, on) => { const el = document.getElementById(id); if (el) el.hidden = !on; };
  function paint(job) {
    bar.style.width = job.percent + '%';
    bar.textContent = job.percent + '%';
    bar.parentElement.setAttribute('aria-valuenow', job.percent);
    box.querySelector('[data-done]').textContent = job.done;
    box.querySelector('[data-total]').textContent = job.total === null ? '…' : job.total;
    state.textContent = state.dataset['label' + job.status[0].toUpperCase() + job.status.slice(1)] || job.status;
    box.dataset.status = job.status;
    const finished = job.status === 'done' || job.status === 'failed';
    bar.classList.toggle('progress-bar-animated', !finished);
    bar.classList.toggle('progress-bar-striped', !finished);
    if (job.error) { const err = document.getElementById('job-error'); err.textContent = job.error; err.hidden = false; }
    show('job-download', Boolean(job.download));
    show('job-report', Boolean(job.report));
    return finished;
  }
  async function poll() {
    try {
      const response = await fetch(box.dataset.statusUrl, {headers: {Accept: 'application/json'}});
      if (response.ok && paint(await response.json())) return;
    } catch (e) { /* a dropped poll is retried */ }
    setTimeout(poll, 1000);
  }
  if (box.dataset.status !== 'done' && box.dataset.status !== 'failed') poll();
})();
