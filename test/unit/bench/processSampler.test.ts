import assert from "node:assert/strict";
import { describe, it } from "node:test";
import {
  PeakRssSampler,
  cpuSeconds,
  parseProcStatBusyTicks,
  parseProcStatTicks,
  parseProcStatus,
} from "../../../bench/processSampler";

void describe("process figures from /proc", () => {
  void it("reads VmHWM and VmRSS in kB", () => {
    const text = "Name:\tnode\nVmPeak:\t 1200000 kB\nVmHWM:\t  183212 kB\nVmRSS:\t  150000 kB\n";
    assert.deepEqual(parseProcStatus(text), { hwmKb: 183212, rssKb: 150000 });
    assert.deepEqual(parseProcStatus("Name:\tkthreadd\n"), {});
  });

  void it("reads user + system ticks past a command name with spaces and parentheses", () => {
    const fields = ["S", "1", "2", "3", "0", "-1", "4194560", "100", "0", "0", "0", "250", "37", "0", "0"];
    assert.equal(parseProcStatTicks(`1234 (node (x) y) ${fields.join(" ")}`), 287);
  });

  void it("reads the machine's busy ticks: everything but idle and iowait", () => {
    const text = "cpu  100 5 50 1000 30 2 3 4 0 0\ncpu0 50 2 25 500 15 1 1 2 0 0\nintr 1\n";
    assert.equal(parseProcStatBusyTicks(text), 100 + 5 + 50 + 2 + 3 + 4);
    assert.equal(parseProcStatBusyTicks("intr 1\n"), undefined);
  });

  void it("samples this process where /proc exists", (t) => {
    if (cpuSeconds(process.pid) === undefined) return t.skip("no /proc here");
    const sampler = new PeakRssSampler(process.pid, 10_000);
    const mb = sampler.stop();
    assert.ok(mb !== undefined && mb > 1, `peak ${mb} MB`);
  });
});
