/**
 * The popup's floor (tests/bench/popup.ts): an extension page with a script
 * that lists a result as soon as a query is typed, with nothing to read. What
 * opening any extension page costs in this browser on this machine.
 */
const list = document.querySelector('ul')!;
document.querySelector('input')!.addEventListener('input', () => {
  const option = document.createElement('li');
  option.setAttribute('role', 'option');
  option.textContent = 'result';
  list.append(option);
});
