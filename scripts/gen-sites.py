#!/usr/bin/env python3
"""Writes N generated site profiles (format 1) into DIR for the portfolio benchmark.

Each site is examples/lyon.toml's plant with its own id and name, 5 to 40 assets (cycled
deterministically, so the same N gives the same files), a mix of criticality, age, controller
and sensors, and a baseline in EUR, USD or CZK (the benchmark's program.toml has the rates).

    scripts/gen-sites.py 1000 /tmp/sites
    scripts/gen-sites.py 1 /tmp/big --assets 20000   # one site with 20,000 assets (bench-scale.sh)
"""
import pathlib
import sys

HEAD = open(pathlib.Path(__file__).resolve().parent.parent / "examples" / "lyon.toml").read()
HEAD = HEAD[HEAD.index("[site.environment]"):HEAD.index("[[assets]]")]
CONTROLLERS = [
    '{ vendor = "Siemens", model = "S7-300", protocols = ["s7comm", "profinet"] }',
    '{ vendor = "Siemens", model = "S7-1500", protocols = ["opc-ua", "profinet"] }',
    '{ vendor = "Schneider", model = "Modicon M340", protocols = ["modbus-tcp"] }',
    '{ vendor = "Rockwell", model = "ControlLogix", protocols = ["ethernet-ip"] }',
]
SENSORS = ["vibration", "temperature", "current", "pressure"]
CURRENCIES = ["EUR", "EUR", "USD", "CZK"]


def site(i, assets=None):
    assets = 5 + (i * 7) % 36 if assets is None else assets
    out = [f'format = 1\n\n[site]\nid = "site-{i:04d}"\nname = "Generated plant {i}"\n'
           f'company = "Acme Metals"\ncountry = "FR"\ntimezone = "Europe/Paris"\n'
           f'shifts_per_day = {1 + i % 3}\nfloor_staff = {50 + i % 400}\nlanguages = ["fr", "en"]\n\n', HEAD]
    for a in range(assets):
        crit = ["high", "medium", "low"][(i + a) % 3]
        out.append(f'[[assets]]\nid = "asset-{a:02d}"\nname = "Machine {a}"\nkind = "press"\n'
                   f'line = "line-{a % 4}"\ncriticality = "{crit}"\ninstalled = {1985 + (i + a * 3) % 38}\n'
                   f'downtime_hours_per_year = {5 + (i + a) % 90}.0\n'
                   f'controller = {CONTROLLERS[(i + a) % 4]}\n\n')
        for s in range((i + a) % 3):
            out.append(f'[[assets.sensors]]\nkind = "{SENSORS[(a + s) % 4]}"\nsample_hz = {10 ** ((a + s) % 4)}.0\n'
                       f'history_months = {(i + a + s) % 36}\nstored_in = "pi"\n\n')
    out.append('[data]\nmaintenance_records = "spreadsheet"\nfailure_events = %d\nlabeled_images = 0\n'
               'quality_records = "spreadsheet"\nenergy_metering = "monthly"\n\n' % (i % 30))
    out.append(f'[baseline]\ncurrency = "{CURRENCIES[i % 4]}"\noee = 0.{55 + i % 30}\n'
               f'unplanned_downtime_hours = {100 + i % 300}.0\ndowntime_cost_per_hour = {2000 + (i * 37) % 9000}.0\n'
               'scrap_rate = 0.031\nannual_material_cost = 21000000.0\nannual_energy_cost = 2600000.0\n'
               'annual_maintenance_cost = 1400000.0\n')
    return "".join(out)


def main():
    n, out = int(sys.argv[1]), pathlib.Path(sys.argv[2])
    assets = int(sys.argv[4]) if len(sys.argv) == 5 and sys.argv[3] == "--assets" else None
    out.mkdir(parents=True, exist_ok=True)
    for i in range(n):
        (out / f"site-{i:04d}.toml").write_text(site(i, assets))


if __name__ == "__main__":
    main()
