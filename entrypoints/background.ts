export default defineBackground(() => {
  // The store, the matcher index and the message handlers come with the
  // fact-pack work; the background has nothing to do until then.
});
