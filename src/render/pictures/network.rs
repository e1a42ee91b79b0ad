//! The network now and the target, side by side: zones (enterprise IT, industrial DMZ, OT),
//! the conduits between them, and the remote access paths from outside, from the profile's
//! `[network]`. The target is the IEC 62443 zones-and-conduits layout the security controls
//! build: a DMZ between IT and OT, a firewall on each conduit, remote access only through a
//! jump host in the DMZ, no internet from OT.

use crate::plan::{NetworkSummary, Plan};
use crate::svg::{Anchor, Circle, Figure, Line, Paint, Rect, Text};

const WIDTH: f64 = 640.0;
const PANEL: f64 = 320.0;
const BOX_X: f64 = 10.0;
const BOX_W: f64 = 190.0;
const OUTSIDE: (f64, f64) = (28.0, 28.0);
const IT: (f64, f64) = (84.0, 44.0);
const DMZ: (f64, f64) = (148.0, 44.0);
const OT: (f64, f64) = (212.0, 44.0);

/// A zone: `(top, height)`.
type Zone = (f64, f64);

/// Where a remote access path lands now, and how risky that is.
fn landing(kind: &str, net: &NetworkSummary, flat: bool) -> (Zone, Paint) {
    match kind {
        _ if flat => (IT, Paint::Bad),
        "jump-host" if net.ot_dmz => (DMZ, Paint::Good),
        "jump-host" | "vpn" => (IT, Paint::Warn),
        _ => (OT, Paint::Bad),
    }
}

/// The network as the profile describes it, next to the target layout.
pub fn now_and_target(plan: &Plan) -> Figure {
    let net = &plan.network;
    let flat = net.segmentation == "flat" || net.segmentation == "unknown";
    let paths = net.remote_access.len().max(1) as f64;
    let height = OT.0 + OT.1 + 16.0;
    let mut figure = Figure::new(
        "network",
        WIDTH,
        height,
        "Network now and target",
        &format!(
            "Left, the network of {} as its profile describes it; right, the target: zones as boxes, conduits as vertical lines, remote access paths from outside as lines into the zone they reach.",
            plan.site.name
        ),
    );
    // Now.
    panel_title(&mut figure, 0.0, "Now");
    zone(
        &mut figure,
        0.0,
        OUTSIDE,
        "outside: internet, vendors",
        Paint::Track,
    );
    if flat {
        let top = IT.0;
        let span = (top, OT.0 + OT.1 - top);
        zone(
            &mut figure,
            0.0,
            span,
            "IT and OT: one flat network",
            Paint::WarnSoft,
        );
    } else {
        zone(&mut figure, 0.0, IT, "enterprise IT", Paint::AccentSoft);
        if net.ot_dmz {
            conduit(&mut figure, 0.0, IT, DMZ, net.it_ot_firewall);
            zone(&mut figure, 0.0, DMZ, "industrial DMZ", Paint::AccentSoft);
            conduit(&mut figure, 0.0, DMZ, OT, net.it_ot_firewall);
        } else {
            conduit(&mut figure, 0.0, IT, OT, net.it_ot_firewall);
        }
        zone(
            &mut figure,
            0.0,
            OT,
            "OT: control and field",
            Paint::AccentSoft,
        );
    }
    let step = 100.0 / paths;
    for (i, kind) in net.remote_access.iter().enumerate() {
        let (zone, paint) = landing(kind, net, flat);
        let x = BOX_X + BOX_W + 14.0 + step * i as f64;
        let y = zone.0 + 12.0 + (i as f64 * 9.0).min(zone.1 - 14.0);
        path(&mut figure, (x, y), paint, kind);
    }
    if net.ot_internet_access {
        let x = BOX_X + 10.0;
        figure.push(
            Line::new((x, OT.0 + 6.0), (x, OUTSIDE.0 + OUTSIDE.1))
                .stroke(Paint::Bad)
                .width(2.0)
                .dashed(),
        );
    }
    // Target.
    panel_title(&mut figure, PANEL, "Target");
    zone(
        &mut figure,
        PANEL,
        OUTSIDE,
        "outside: internet, vendors",
        Paint::Track,
    );
    zone(&mut figure, PANEL, IT, "enterprise IT", Paint::AccentSoft);
    conduit(&mut figure, PANEL, IT, DMZ, true);
    zone(
        &mut figure,
        PANEL,
        DMZ,
        "industrial DMZ, jump host",
        Paint::AccentSoft,
    );
    conduit(&mut figure, PANEL, DMZ, OT, true);
    zone(
        &mut figure,
        PANEL,
        OT,
        "OT: control and field",
        Paint::AccentSoft,
    );
    path(
        &mut figure,
        (PANEL + BOX_X + BOX_W + 14.0, DMZ.0 + 22.0),
        Paint::Good,
        "jump-host",
    );
    say(&mut figure, net, flat);
    figure
}

fn panel_title(figure: &mut Figure, left: f64, title: &str) {
    figure.push(Text::new(left + BOX_X, 16.0, title).bold());
}

fn zone(figure: &mut Figure, left: f64, (top, height): Zone, label: &str, paint: Paint) {
    figure.push(
        Rect::new(left + BOX_X, top, BOX_W, height)
            .fill(paint)
            .radius(4.0),
    );
    figure.push(
        Text::new(left + BOX_X + BOX_W / 2.0, top + height / 2.0 + 4.0, label)
            .anchor(Anchor::Middle)
            .size(12.0),
    );
}

/// A conduit between two zones, solid with a firewall, dashed without.
fn conduit(figure: &mut Figure, left: f64, from: Zone, to: Zone, firewall: bool) {
    let x = left + BOX_X + BOX_W / 2.0;
    let line = Line::new((x, from.0 + from.1), (x, to.0)).width(3.0);
    let line = if firewall {
        line.stroke(Paint::Good)
    } else {
        line.stroke(Paint::Bad).dashed()
    };
    figure.push(line);
    let label = if firewall { "firewall" } else { "no firewall" };
    let y = (from.0 + from.1 + to.0) / 2.0 + 4.0;
    figure.push(Text::new(x + 8.0, y, label).size(10.0));
}

/// A remote access path from outside down to `(x, y)`, then into the zone on the left.
fn path(figure: &mut Figure, (x, y): (f64, f64), paint: Paint, kind: &str) {
    let edge = if x > PANEL {
        PANEL + BOX_X + BOX_W
    } else {
        BOX_X + BOX_W
    };
    figure.push(
        Line::new((x, OUTSIDE.0 + OUTSIDE.1), (x, y))
            .stroke(paint)
            .width(2.0),
    );
    figure.push(Line::new((x, y), (edge, y)).stroke(paint).width(2.0));
    figure.push(Circle::new((edge, y), 3.0).fill(paint));
    figure.push(Text::new(x + 3.0, y - 3.0, kind).size(10.0));
}

fn say(figure: &mut Figure, net: &NetworkSummary, flat: bool) {
    let zones = if flat {
        "IT and OT share one flat network".to_string()
    } else if net.ot_dmz {
        "enterprise IT, an industrial DMZ and OT are separate zones".to_string()
    } else {
        format!(
            "IT and OT are separate zones ({}) without an industrial DMZ",
            net.segmentation
        )
    };
    let firewall = if net.it_ot_firewall {
        "a firewall"
    } else {
        "no firewall"
    };
    figure.say(format!("Now: {zones}, with {firewall} between IT and OT."));
    if net.remote_access.is_empty() {
        figure.say("Now: no remote access path is recorded.");
    }
    for kind in &net.remote_access {
        let (zone, _) = landing(kind, net, flat);
        let name = match zone {
            z if z == DMZ => "the DMZ",
            z if z == IT && flat => "the flat network, and with it OT",
            z if z == IT => "enterprise IT",
            _ => "OT directly",
        };
        figure.say(format!("Now: remote access by {kind} reaches {name}."));
    }
    if net.ot_internet_access {
        figure.say("Now: OT devices can reach the internet.");
    }
    figure.say("Target: enterprise IT, an industrial DMZ and OT as separate zones, a firewall on each conduit (IEC 62443 zones and conduits).");
    figure.say("Target: remote access only through a jump host in the DMZ; no internet from OT.");
}
