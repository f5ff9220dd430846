"""Return-to-poverty monitoring (防止返贫监测帮扶, from 2021) and its 2026 successor: the
monitoring range each region sets per year; monitored households and their cases follow."""
