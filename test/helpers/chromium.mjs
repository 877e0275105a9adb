// Prints where @sparticuz/chromium unpacked its browser and the flags it needs, as JSON. An ES
// module, so it runs in its own node process: jest's VM cannot import() it (test/helpers/browser.ts).
import chromium from '@sparticuz/chromium';

process.stdout.write(JSON.stringify({ executablePath: await chromium.executablePath(), args: chromium.args }));
