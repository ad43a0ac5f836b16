package io.vigil.ops.generate;

import java.util.ArrayList;
import java.util.List;

/**
 * The generator's world: countries with their currency, a rough exchange rate and IP ranges, and cities with
 * coordinates and a fixed UTC offset (no daylight saving: "local-ish" time is enough for a day/night rhythm).
 * Countries with a home weight of zero hold no cardholders; they are where cards travel to, and where fraud
 * happens abroad. Tables are in a fixed order: every choice made over them is reproducible.
 */
final class Geography
{
    /**
     * A country.
     *
     * @param index       position in {@link #COUNTRIES}.
     * @param code        ISO 3166 alpha-2.
     * @param currency    ISO 4217 code of its currency.
     * @param perUsd      units of the currency per US dollar, roughly: turns a price level into local amounts.
     * @param homeWeight  share of cardholders living there, relative.
     * @param ecomHub     whether its shops sell abroad (foreign e-commerce of normal cardholders).
     * @param ipOctets    first octets of its residential IPv4 addresses.
     * @param firstCity   index of its first city in {@link #CITIES}.
     * @param cityCount   how many cities it has.
     */
    record Country(int index, String code, String currency, double perUsd, int homeWeight, boolean ecomHub,
        int[] ipOctets, int firstCity, int cityCount)
    {
    }

    /**
     * A city.
     *
     * @param index            position in {@link #CITIES}.
     * @param country          index of its country.
     * @param name             for messages and debugging only.
     * @param lat              degrees.
     * @param lon              degrees.
     * @param utcOffsetMinutes local time minus UTC.
     * @param weight           share of its country's cardholders, relative.
     */
    record City(int index, int country, String name, double lat, double lon, int utcOffsetMinutes, int weight)
    {
    }

    static final Country[] COUNTRIES;
    static final City[] CITIES;

    /** First octets of the addresses fraudsters use (hosting ranges, proxies). */
    static final int[] FRAUD_IP_OCTETS = {45, 103, 185, 193, 196};

    private static final double EARTH_RADIUS_KM = 6371.0;

    static
    {
        final Table t = new Table();
        t.country("US", "USD", 1.0, 30, true, 73, 98, 24, 71);
        t.city("New York", 40.7128, -74.0060, -300, 5);
        t.city("Los Angeles", 34.0522, -118.2437, -480, 4);
        t.city("Chicago", 41.8781, -87.6298, -360, 3);
        t.city("Houston", 29.7604, -95.3698, -360, 3);
        t.city("Miami", 25.7617, -80.1918, -300, 2);
        t.city("Seattle", 47.6062, -122.3321, -480, 2);
        t.country("GB", "GBP", 0.79, 11, true, 81, 86, 92);
        t.city("London", 51.5074, -0.1278, 0, 5);
        t.city("Manchester", 53.4808, -2.2426, 0, 2);
        t.city("Edinburgh", 55.9533, -3.1883, 0, 1);
        t.country("DE", "EUR", 0.92, 9, true, 91, 84, 79);
        t.city("Berlin", 52.5200, 13.4050, 60, 3);
        t.city("Munich", 48.1351, 11.5820, 60, 2);
        t.city("Hamburg", 53.5511, 9.9937, 60, 2);
        t.country("FR", "EUR", 0.92, 8, false, 90, 82, 88);
        t.city("Paris", 48.8566, 2.3522, 60, 5);
        t.city("Lyon", 45.7640, 4.8357, 60, 2);
        t.city("Marseille", 43.2965, 5.3698, 60, 1);
        t.country("ES", "EUR", 0.92, 5, false, 83, 95);
        t.city("Madrid", 40.4168, -3.7038, 60, 3);
        t.city("Barcelona", 41.3851, 2.1734, 60, 2);
        t.country("IT", "EUR", 0.92, 5, false, 93, 151);
        t.city("Rome", 41.9028, 12.4964, 60, 2);
        t.city("Milan", 45.4642, 9.1900, 60, 2);
        t.country("NL", "EUR", 0.92, 3, true, 77, 145);
        t.city("Amsterdam", 52.3676, 4.9041, 60, 2);
        t.city("Rotterdam", 51.9244, 4.4777, 60, 1);
        t.country("IE", "EUR", 0.92, 1, true, 89, 37);
        t.city("Dublin", 53.3498, -6.2603, 0, 1);
        t.country("CH", "CHF", 0.88, 1, false, 85, 178);
        t.city("Zurich", 47.3769, 8.5417, 60, 1);
        t.country("JP", "JPY", 150.0, 5, false, 126, 153, 60);
        t.city("Tokyo", 35.6762, 139.6503, 540, 3);
        t.city("Osaka", 34.6937, 135.5023, 540, 1);
        t.country("CA", "CAD", 1.36, 5, false, 99, 142, 70);
        t.city("Toronto", 43.6532, -79.3832, -300, 3);
        t.city("Vancouver", 49.2827, -123.1207, -480, 2);
        t.city("Montreal", 45.5017, -73.5673, -300, 2);
        t.country("AU", "AUD", 1.52, 4, false, 101, 120);
        t.city("Sydney", -33.8688, 151.2093, 600, 3);
        t.city("Melbourne", -37.8136, 144.9631, 600, 2);
        t.country("BR", "BRL", 5.0, 3, false, 177, 189, 200);
        t.city("Sao Paulo", -23.5505, -46.6333, -180, 3);
        t.city("Rio de Janeiro", -22.9068, -43.1729, -180, 2);
        t.country("MX", "MXN", 17.0, 2, false, 187, 201);
        t.city("Mexico City", 19.4326, -99.1332, -360, 3);
        t.city("Guadalajara", 20.6597, -103.3496, -360, 1);
        t.country("SG", "SGD", 1.34, 0, false, 116, 175);
        t.city("Singapore", 1.3521, 103.8198, 480, 1);
        t.country("AE", "AED", 3.67, 0, false, 94, 5);
        t.city("Dubai", 25.2048, 55.2708, 240, 1);
        t.country("ZA", "ZAR", 18.5, 0, false, 41, 105);
        t.city("Johannesburg", -26.2041, 28.0473, 120, 1);
        t.country("KR", "KRW", 1330.0, 0, false, 121, 211);
        t.city("Seoul", 37.5665, 126.9780, 540, 1);
        t.country("IN", "INR", 83.0, 0, false, 49, 117);
        t.city("Mumbai", 19.0760, 72.8777, 330, 1);
        t.country("TH", "THB", 35.0, 0, false, 171, 182);
        t.city("Bangkok", 13.7563, 100.5018, 420, 1);
        COUNTRIES = t.countries();
        CITIES = t.cities.toArray(new City[0]);
    }

    private Geography()
    {
    }

    /**
     * @param code ISO 3166 alpha-2 code.
     * @return the country, or {@code null} when the world has no such country.
     */
    static Country country(final String code)
    {
        for (final Country c : COUNTRIES)
        {
            if (c.code().equals(code))
            {
                return c;
            }
        }
        return null;
    }

    /** @return the country codes, in table order, for messages. */
    static List<String> countryCodes()
    {
        final List<String> codes = new ArrayList<>(COUNTRIES.length);
        for (final Country c : COUNTRIES)
        {
            codes.add(c.code());
        }
        return codes;
    }

    /**
     * Great-circle distance (haversine). StrictMath keeps the result bit-identical on every JVM.
     *
     * @return kilometres between the two points.
     */
    static double distanceKm(final double lat1, final double lon1, final double lat2, final double lon2)
    {
        final double dLat = StrictMath.toRadians(lat2 - lat1);
        final double dLon = StrictMath.toRadians(lon2 - lon1);
        final double sinLat = StrictMath.sin(dLat / 2);
        final double sinLon = StrictMath.sin(dLon / 2);
        final double a = sinLat * sinLat +
            StrictMath.cos(StrictMath.toRadians(lat1)) * StrictMath.cos(StrictMath.toRadians(lat2)) * sinLon * sinLon;
        return 2 * EARTH_RADIUS_KM * StrictMath.asin(StrictMath.sqrt(Math.min(1.0, a)));
    }

    /**
     * @param a a city index.
     * @param b another city index.
     * @return kilometres between the two city centres.
     */
    static double distanceKm(final int a, final int b)
    {
        return distanceKm(CITIES[a].lat(), CITIES[a].lon(), CITIES[b].lat(), CITIES[b].lon());
    }

    /** Accumulates the static tables in declaration order. */
    private static final class Table
    {
        private final List<Country> countries = new ArrayList<>();
        private final List<City> cities = new ArrayList<>();

        void country(final String code, final String currency, final double perUsd, final int homeWeight,
            final boolean ecomHub, final int... ipOctets)
        {
            countries.add(new Country(countries.size(), code, currency, perUsd, homeWeight, ecomHub, ipOctets,
                cities.size(), 0));
        }

        void city(final String name, final double lat, final double lon, final int utcOffsetMinutes, final int weight)
        {
            final int country = countries.size() - 1;
            cities.add(new City(cities.size(), country, name, lat, lon, utcOffsetMinutes, weight));
            final Country c = countries.get(country);
            countries.set(country, new Country(c.index(), c.code(), c.currency(), c.perUsd(), c.homeWeight(),
                c.ecomHub(), c.ipOctets(), c.firstCity(), c.cityCount() + 1));
        }

        Country[] countries()
        {
            return countries.toArray(new Country[0]);
        }
    }
}
